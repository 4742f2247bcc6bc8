using System.Globalization;
using Multi.Operator.Entities;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// The ClusterNetwork side of section 8: of the nodes a hostInterface network selects, how many report it ready in their
/// NodeNetworkState (<see cref="NodeNetworkStateStatus.ReadyNetworks"/>). A selected node without a record counts as not
/// ready; records of nodes the network does not select are ignored. <see cref="Text"/> gives "3/3".
/// </summary>
internal static class ClusterNetworkNodeReadiness
{
    public static (int Ready, int Total) Count(string network, IEnumerable<string> selectedNodes, IEnumerable<NodeNetworkState> states)
    {
        ArgumentNullException.ThrowIfNull(selectedNodes);
        ArgumentNullException.ThrowIfNull(states);
        var byNode = states.Where(s => s.Status is not null)
            .GroupBy(s => s.Spec.NodeName ?? s.Metadata.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Status!, StringComparer.Ordinal);
        var nodes = selectedNodes.Distinct(StringComparer.Ordinal).ToList();
        var ready = nodes.Count(n => byNode.TryGetValue(n, out var status) && status.ReadyNetworks.Contains(network, StringComparer.Ordinal));
        return (ready, nodes.Count);
    }

    public static string Text(string network, IEnumerable<string> selectedNodes, IEnumerable<NodeNetworkState> states)
    {
        var (ready, total) = Count(network, selectedNodes, states);
        return string.Create(CultureInfo.InvariantCulture, $"{ready}/{total}");
    }
}
