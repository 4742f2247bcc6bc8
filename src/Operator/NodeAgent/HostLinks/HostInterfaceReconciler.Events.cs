using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Operator.NodeAgent.HostInterfaces;

namespace Multi.Operator.NodeAgent.HostLinks;

internal sealed partial class HostInterfaceReconciler
{
    /// <summary>
    /// Events on the ClusterNetworks involved, naming node and link (section 8): a failed transaction and its rollback (once
    /// per distinct error), and every link that newly became Clash or Degraded or changed its message while so.
    /// </summary>
    private async Task RecordEventsAsync(HostLinkPlan plan, TransactionResult? result, NodeNetworkStateStatus? previous, CancellationToken cancellationToken)
    {
        if (result is { Succeeded: false } failed && ErrorText(failed) != previous?.LastError)
        {
            var networks = NetworksOf(plan, failed.Failed!.Link);
            await RecordAsync(networks, "HostLinkFailed", $"node {node}, link {failed.Failed.Link}: {failed.Failed} failed: {failed.Error}", cancellationToken).ConfigureAwait(false);
            if (failed.RolledBack.Count > 0)
            {
                await RecordAsync(networks, "HostLinkRolledBack",
                    $"node {node}: rolled back {failed.RolledBack.Count} step(s) ({string.Join("; ", failed.RolledBack)})" +
                    (failed.RollbackErrors.Count > 0 ? $"; failed: {string.Join("; ", failed.RollbackErrors)}" : ""), cancellationToken).ConfigureAwait(false);
            }
        }

        var before = previous?.Links.ToDictionary(l => l.Name, StringComparer.Ordinal) ?? [];
        foreach (var link in plan.Links.Where(l => l.State is LinkState.Clash or LinkState.Degraded))
        {
            if (before.TryGetValue(link.Name, out var old) && old.State == link.State.ToString() && old.Message == Cut(link.Message))
            {
                continue;
            }

            await RecordAsync(link.Networks, link.State == LinkState.Clash ? "HostLinkClash" : "HostLinkDegraded",
                $"node {node}, link {link.Name}: {link.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The networks that declare a link (on this node or not); every hostInterface network when none does.</summary>
    private IReadOnlyList<string> NetworksOf(HostLinkPlan plan, string link) =>
        plan.Links.FirstOrDefault(l => l.Name == link) is { Networks.Count: > 0 } outcome ? outcome.Networks
            : [.. caches.Networks.List().Where(n => n.Spec.HostInterface is not null).Select(n => n.Metadata.Name)];

    private async Task RecordAsync(IEnumerable<string> networks, string reason, string message, CancellationToken cancellationToken)
    {
        foreach (var name in networks.Distinct(StringComparer.Ordinal))
        {
            if (caches.Networks.Get(new(null, name)) is { } network)
            {
                await events.RecordAsync(network, EventRecorder.Warning, reason, message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Cut(string text) =>
        text.Length <= NodeNetworkStateStatusBuilder.MaxMessage ? text : string.Concat(text.AsSpan(0, NodeNetworkStateStatusBuilder.MaxMessage - 1), "…");
}
