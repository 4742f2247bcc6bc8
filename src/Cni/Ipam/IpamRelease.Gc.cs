using Multi.Core.Delegates;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

internal static partial class IpamRelease
{
    /// <summary>
    /// GC (CNI 1.1): first every pending release of this node in the configured pools is completed, whatever
    /// <paramref name="valid"/> says (the runtime deleted those attachments already); an unreachable API server fails GC (code 11)
    /// and keeps the records not completed. Then claims of this node in the configured pools whose attachment is not in
    /// <paramref name="valid"/> and that are older than the grace period since creation or binding (an ADD may be in flight) are released; node-reserved
    /// claims belong to the node, not to an attachment, and are left to the node daemon. Journal records of
    /// attachments not in the list are dropped (a later DEL for one of them lists instead), except pending releases, which a DEL
    /// may have written meanwhile.
    /// </summary>
    public static async Task<int> GcAsync(IpamContext ctx, IReadOnlyCollection<AttachmentKey> valid)
    {
        var pools = ctx.Config.Pools.ToHashSet(StringComparer.Ordinal);
        var released = await CompleteAsync(ctx, ctx.Journal.All().Where(r => r.State == IpamJournalState.Releasing && pools.Contains(r.Pool)).ToList()).ConfigureAwait(false);

        var keep = valid.Select(v => (v.ContainerId, v.IfName)).ToHashSet();
        var now = ctx.Clock.GetUtcNow();
        foreach (var pool in ctx.Config.Pools)
        {
            var stale = (await ctx.Store.ClaimsAsync(pool, ctx.Cancellation).ConfigureAwait(false))
                .Where(c => c.Owner.Node == ctx.Owner.Node && c.Kind != IpAllocationKinds.NodeReserved && !keep.Contains((c.Owner.ContainerId, c.Owner.Interface)))
                .Where(c => c.Since is { } since && now - since >= ctx.Options.GcGracePeriod);
            foreach (var claim in stale)
            {
                released += await ctx.Store.DeleteAsync(claim, ctx.Cancellation).ConfigureAwait(false) ? 1 : 0;
            }
        }

        var dropped = ctx.Journal.All()
            .Where(r => r.State != IpamJournalState.Releasing && pools.Contains(r.Pool) && !keep.Contains((r.ContainerId, r.Interface)))
            .ToList();
        foreach (var record in dropped)
        {
            ctx.Journal.Remove(record.Pool, record.ContainerId, record.Interface);
        }

        return released;
    }
}
