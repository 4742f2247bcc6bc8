using System.Text.Json.Nodes;
using k8s;
using Multi.Operator.Entities;
using Multi.Core.Networks;
using Multi.Operator.Kube;
using Multi.Operator.NodeAgent.HostInterfaces;

namespace Multi.Operator.Controllers.ClusterNetworks;

internal sealed partial class ClusterNetworkReconciler
{
    /// <summary>Writes the status when it differs from the cached one, and a Warning event when a new problem appears.</summary>
    private async Task ReportAsync(ClusterNetwork network, Report report, CancellationToken cancellationToken)
    {
        var previous = network.Status;
        var status = new ClusterNetworkStatus
        {
            ObservedGeneration = network.Metadata.Generation,
            Interface = report.Interface ?? (report.SpecInvalid ? previous?.Interface : null),
            NadCount = report.NadCount ?? caches.Nads.ByIndex(Ownership.NetworkIndex, network.Metadata.Name).Count,
            TargetNamespaces = report.SpecInvalid ? previous?.TargetNamespaces ?? 0 : report.Targets,
            NodesReady = NodesReady(network),
            Conditions = Condition.Merge(previous?.Conditions, report.Conditions(), network.Metadata.Generation, time.GetUtcNow().UtcDateTime),
        };
        if (previous is not null && JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(previous)), JsonNode.Parse(KubernetesJson.Serialize(status))))
        {
            return;
        }

        await networkWrites.WriteStatusAsync(network, status, cancellationToken).ConfigureAwait(false);
        var degraded = status.Conditions.First(c => c.Type == Condition.Degraded);
        var before = previous?.Conditions.FirstOrDefault(c => c.Type == Condition.Degraded);
        if (degraded.Status == "True" && (before?.Status != "True" || before.Message != degraded.Message))
        {
            await events.RecordAsync(network, EventRecorder.Warning, degraded.Reason, degraded.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For a hostInterface network, "ready/selected" over the nodes its nodeSelector matches, from their agents' NodeNetworkStates
    /// (host-interfaces.md, section 8). Computed here, while the status is built, so that the compare-then-write stays stable.
    /// </summary>
    private string? NodesReady(ClusterNetwork network)
    {
        if (network.Spec.HostInterface is null || caches.Nodes is null || caches.NodeStates is null)
        {
            return null;
        }

        var selector = new LabelSelectorSpec { MatchLabels = network.Spec.NodeSelector };
        var selected = caches.Nodes.List()
            .Where(n => LabelSelectorMatcher.Matches(selector, n.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : null))
            .Select(n => n.Metadata.Name);
        return ClusterNetworkNodeReadiness.Text(network.Metadata.Name, selected, caches.NodeStates.List());
    }
}
