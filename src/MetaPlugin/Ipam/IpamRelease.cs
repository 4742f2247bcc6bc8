using Multi.Core.Delegates;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// DEL and GC: delete claims by owner, each with its UID as precondition, so a claim re-created under the same name by
/// another attachment is never deleted. Nothing found is success; an unreachable API fails (code 11) so the runtime
/// retries: a leaked address is worse than a retried DEL. The journal record goes only after the release succeeded.
/// </summary>
internal static class IpamRelease
{
    /// <summary>
    /// Releases this attachment's claims in every configured pool (the pool objects themselves are not needed). A committed
    /// journal record names the claim and its UID: one conditioned DELETE. An intent (an interrupted ADD), an unreadable
    /// record or none (journal wiped, claim made elsewhere or before the journal) falls back to the fresh label list.
    /// </summary>
    public static async Task<int> DelAsync(IpamContext ctx)
    {
        var released = 0;
        foreach (var pool in ctx.Config.Pools)
        {
            var record = ctx.Journal.Read(pool, ctx.ContainerId, ctx.IfName);
            if (record is { State: IpamJournalState.Committed, Name: { } name, Uid: { } uid })
            {
                released += await ctx.Store.DeleteAsync(name, uid, ctx.Cancellation).ConfigureAwait(false) ? 1 : 0;
            }
            else
            {
                foreach (var claim in await ctx.Store.OwnedAsync(pool, ctx.ContainerId, ctx.IfName, ctx.Cancellation).ConfigureAwait(false))
                {
                    released += await ctx.Store.DeleteAsync(claim, ctx.Cancellation).ConfigureAwait(false) ? 1 : 0;
                }
            }

            if (record is not null)
            {
                ctx.Journal.Remove(pool, ctx.ContainerId, ctx.IfName);
            }
        }

        return released;
    }

    /// <summary>
    /// GC (CNI 1.1): claims of this node in the configured pools whose attachment is not in <paramref name="valid"/> and
    /// that are older than the grace period (an ADD may be in flight) are released. Journal records of attachments not in the list
    /// are dropped (a later DEL for one of them lists instead).
    /// </summary>
    public static async Task<int> GcAsync(IpamContext ctx, IReadOnlyCollection<AttachmentKey> valid)
    {
        var keep = valid.Select(v => (v.ContainerId, v.IfName)).ToHashSet();
        var now = ctx.Clock.GetUtcNow();
        var released = 0;
        foreach (var pool in ctx.Config.Pools)
        {
            var stale = (await ctx.Store.ClaimsAsync(pool, ctx.Cancellation).ConfigureAwait(false))
                .Where(c => c.Owner.Node == ctx.Owner.Node && !keep.Contains((c.Owner.ContainerId, c.Owner.Interface)))
                .Where(c => c.Created is { } created && now - created >= ctx.Options.GcGracePeriod);
            foreach (var claim in stale)
            {
                released += await ctx.Store.DeleteAsync(claim, ctx.Cancellation).ConfigureAwait(false) ? 1 : 0;
            }
        }

        var pools = ctx.Config.Pools.ToHashSet(StringComparer.Ordinal);
        foreach (var record in ctx.Journal.All().Where(r => pools.Contains(r.Pool) && !keep.Contains((r.ContainerId, r.Interface))).ToList())
        {
            ctx.Journal.Remove(record.Pool, record.ContainerId, record.Interface);
        }

        return released;
    }
}
