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

        await DeleteNadsAsync(name, cancellationToken).ConfigureAwait(false);
        await ownedPools.DeleteAsync(network, cancellationToken).ConfigureAwait(false);
        await networkWrites.TrySetFinalizersAsync(network, [.. network.Metadata.Finalizers!.Where(f => f != Ownership.Finalizer)], cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

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
