using Multi.Operator.Entities;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Controllers.ClusterNetworks;

internal sealed partial class ClusterNetworkReconciler
{
    /// <summary>
    /// A network being deleted keeps its NADs while any pod is attached to one (named in the condition and an event);
    /// then its NADs and its inline pool go, and the finalizer last.
    /// </summary>
    private async Task<ReconcileResult> FinalizeAsync(ClusterNetwork network, CancellationToken cancellationToken)
    {
        if (!Ownership.HasFinalizer(network.Metadata))
        {
            return ReconcileResult.Done;
        }

        var name = network.Metadata.Name;
        var owned = caches.Nads.ByIndex(Ownership.NetworkIndex, name);
        var attached = await attachedPods.FindAsync(name, owned.Select(n => n.Metadata.NamespaceProperty), cancellationToken).ConfigureAwait(false);
        if (attached.Count > 0)
        {
            var message = $"deletion waits for {attached.Count} attached pod{(attached.Count == 1 ? "" : "s")}: {Listing(attached)}";
            await ReportAsync(network, Report.Held(owned.Count, message), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.RequeueAfter(AttachedPodsRecheck);
        }

        var linked = NodesStillLinked(network);
        if (linked.Count > 0)
        {
            var message = $"deletion waits for the agent{(linked.Count == 1 ? "" : "s")} of {linked.Count} node{(linked.Count == 1 ? "" : "s")} to remove the network's links: {Listing(linked)}";
            await ReportAsync(network, Report.Held(owned.Count, message, "LinksPresent"), cancellationToken).ConfigureAwait(false);
            return ReconcileResult.RequeueAfter(AttachedPodsRecheck);
        }

        await DeleteNadsAsync(name, cancellationToken).ConfigureAwait(false);
        await ownedPools.DeleteAsync(network, cancellationToken).ConfigureAwait(false);
        await networkWrites.TrySetFinalizersAsync(network, [.. network.Metadata.Finalizers!.Where(f => f != Ownership.Finalizer)], cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// host-interfaces.md, section 7: the finalizer goes once every node that still exists reports none of the network's
    /// links in its NodeNetworkState (its agent removed them, or never made them). A node deleted meanwhile is not waited
    /// for; a node whose agent is gone holds the network until an administrator strips the finalizer (the agents sweep
    /// marked links of vanished networks anyway).
    /// </summary>
    private List<string> NodesStillLinked(ClusterNetwork network)
    {
        if (network.Spec.HostInterface is null || caches.NodeStates is null || caches.Nodes is null)
        {
            return [];
        }

        var name = network.Metadata.Name;
        return [.. caches.NodeStates.List()
            .Where(s => s.Status?.Links.Any(l => l.Networks.Contains(name)) == true && caches.Nodes.Get(new ObjectKey(null, NodeOf(s))) is not null)
            .Select(NodeOf)
            .Order(StringComparer.Ordinal)];
    }

    private static string NodeOf(NodeNetworkState state) => state.Spec?.NodeName is { Length: > 0 } node ? node : state.Metadata.Name;

    /// <summary>Deletes every NAD labelled as rendered by <paramref name="networkName"/> (also when the network is already gone).</summary>
    private async Task DeleteNadsAsync(string networkName, CancellationToken cancellationToken)
    {
        var owned = caches.Nads.ByIndex(Ownership.NetworkIndex, networkName);
        var options = new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(owned, options, async (nad, ct) =>
        {
            await nadWrites.DeleteAsync(nad, ct).ConfigureAwait(false);
            NadChanged(nameof(NadChangeKind.Delete), nad.Metadata.NamespaceProperty, networkName);
        }).ConfigureAwait(false);
    }
}
