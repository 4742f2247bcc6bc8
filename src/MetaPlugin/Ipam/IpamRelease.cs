using Multi.Core.Delegates;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// DEL and GC: delete claims by owner, each with its UID as precondition, so a claim re-created under the same name by
/// another attachment is never deleted. Nothing found is success; an unreachable API fails (code 11) so the runtime
/// retries: a leaked address is worse than a retried DEL.
/// </summary>
internal static class IpamRelease
{
    /// <summary>Releases this attachment's claims in every configured pool (the pool objects themselves are not needed).</summary>
    public static async Task<int> DelAsync(IpamContext ctx)
    {
        var released = 0;
        foreach (var pool in ctx.Config.Pools)
        {
            foreach (var claim in await ctx.Store.OwnedAsync(pool, ctx.ContainerId, ctx.IfName, ctx.Cancellation).ConfigureAwait(false))
            {
                released += await ctx.Store.DeleteAsync(claim, ctx.Cancellation).ConfigureAwait(false) ? 1 : 0;
            }
        }

        return released;
    }

    /// <summary>
    /// GC (CNI 1.1): claims of this node in the configured pools whose attachment is not in <paramref name="valid"/> and
    /// that are older than the grace period (an ADD may be in flight) are released.
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

        return released;
    }
}
