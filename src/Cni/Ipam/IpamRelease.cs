using Multi.Cni.Kube;

namespace Multi.Cni.Ipam;

/// <summary>
/// DEL and GC: delete claims by owner, each with its UID as precondition, so a claim re-created under the same name by
/// another attachment is never deleted. Nothing found is success. DEL never blocks sandbox removal (ipam-requirements section 6):
/// what it cannot release because the API server is unreachable (<see cref="KubeApiException.IsUnavailable"/>) or does not answer
/// within <see cref="IpamOptions.ReleaseTimeout"/> becomes a pending release in the journal, and DEL succeeds; a later DEL of the
/// attachment, a DEL of another attachment of the same shard, or GC completes it. A journal record goes only after its release
/// succeeded.
/// </summary>
internal static partial class IpamRelease
{
    /// <summary>At most this many pending releases of other attachments are completed by one DEL (those in the shard it reads anyway).</summary>
    public const int CompletedByDel = 8;

    /// <summary>
    /// Releases this attachment's claims in every configured pool (the pool objects themselves are not needed). A committed
    /// journal record (or a pending release with the claim's name) names the claim and its UID: one conditioned DELETE. An intent
    /// (an interrupted ADD), an unreadable record, a pending release without a name, or none (journal wiped, claim made elsewhere or
    /// before the journal) falls back to the fresh label list. After the first unreachable answer no further call is made: the
    /// pools left are recorded as pending. When the API server answered, up to <see cref="CompletedByDel"/> pending releases of
    /// other attachments in the same shard and configured pools are completed, within the same time bound.
    /// </summary>
    public static async Task<int> DelAsync(IpamContext ctx)
    {
        using var deadline = new CancellationTokenSource(ctx.Options.ReleaseTimeout, ctx.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation, deadline.Token);
        var bounded = ctx with { Cancellation = linked.Token };
        var pools = ctx.Config.Pools.ToHashSet(StringComparer.Ordinal);
        var others = ctx.Journal.PendingInShard(ctx.ContainerId, ctx.IfName)
            .Where(r => pools.Contains(r.Pool) && (r.ContainerId != ctx.ContainerId || r.Interface != ctx.IfName))
            .Take(CompletedByDel)
            .ToList();
        var released = 0;
        var reachable = true;
        foreach (var pool in ctx.Config.Pools)
        {
            var record = ctx.Journal.Read(pool, ctx.ContainerId, ctx.IfName);
            if (reachable)
            {
                try
                {
                    released += await ReleaseAsync(bounded, pool, ctx.ContainerId, ctx.IfName, record).ConfigureAwait(false);
                    if (record is not null)
                    {
                        ctx.Journal.Remove(pool, ctx.ContainerId, ctx.IfName);
                    }

                    continue;
                }
                catch (Exception ex) when (IsUnreachable(ex, ctx.Cancellation))
                {
                    reachable = false;
                }
            }

            if (record?.State != IpamJournalState.Releasing)
            {
                ctx.Journal.Write(IpamJournalRecord.Releasing(pool, ctx.ContainerId, ctx.IfName, record));
            }
        }

        return released + (reachable ? await CompleteOthersAsync(bounded, others, ctx.Cancellation).ConfigureAwait(false) : 0);
    }

    /// <summary>Completes other attachments' pending releases as far as the API server and the DEL's time bound allow; the rest stay pending.</summary>
    private static async Task<int> CompleteOthersAsync(IpamContext ctx, List<IpamJournalRecord> others, CancellationToken caller)
    {
        try
        {
            return others.Count == 0 ? 0 : await CompleteAsync(ctx, others).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnreachable(ex, caller))
        {
            return 0;
        }
    }

    /// <summary>
    /// Completes pending releases, in order, appending each one's removal once its claim is released. An unreachable API server
    /// stops it with the exception; the records not completed stay.
    /// </summary>
    public static async Task<int> CompleteAsync(IpamContext ctx, IEnumerable<IpamJournalRecord> pending)
    {
        var released = 0;
        foreach (var record in pending)
        {
            released += await ReleaseAsync(ctx, record.Pool, record.ContainerId, record.Interface, record).ConfigureAwait(false);
            ctx.Journal.Remove(record.Pool, record.ContainerId, record.Interface);
        }

        return released;
    }

    /// <summary>Releases the attachment's claims in the pool: the recorded claim by name and UID, else those the owner label list finds.</summary>
    private static async Task<int> ReleaseAsync(IpamContext ctx, string pool, string containerId, string ifName, IpamJournalRecord? record)
    {
        if (record is { State: IpamJournalState.Committed or IpamJournalState.Releasing, Name: { } name, Uid: { } uid })
        {
            return await ctx.Store.DeleteAsync(name, uid, ctx.Cancellation).ConfigureAwait(false) ? 1 : 0;
        }

        var released = 0;
        foreach (var claim in await ctx.Store.OwnedAsync(pool, containerId, ifName, ctx.Cancellation).ConfigureAwait(false))
        {
            released += await ctx.Store.DeleteAsync(claim, ctx.Cancellation).ConfigureAwait(false) ? 1 : 0;
        }

        return released;
    }

    /// <summary>
    /// No definite answer: the API server is unreachable or overloaded after the client's retries, or the DEL's time bound passed
    /// (a cancellation that is not the caller's). 404 and 409 are definite answers, handled by <see cref="IpamStore.DeleteAsync(string, string, CancellationToken)"/>.
    /// </summary>
    private static bool IsUnreachable(Exception ex, CancellationToken caller) =>
        ex is KubeApiException { IsUnavailable: true } || (ex is OperationCanceledException && !caller.IsCancellationRequested);
}
