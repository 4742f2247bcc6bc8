using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Multi.Runtime.Queue;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>
/// The periodic audit (docs/ipam.md, "Garbage collection"): every <see cref="ReclaimOptions.AuditInterval"/>, one pool's
/// claims are listed afresh, page by page with the pool label (never one read per address), and each claim past the grace
/// period whose owner the pod cache shows gone, re-created or finished is handed to the <see cref="ClaimReclaimer"/>'s
/// queue, which reads it and its pod again before it releases anything. Keyed by pool; events of a pool only bring its
/// next audit forward when it is due. The audit is the safety net under the event-driven path: a missed watch event, a
/// claim created while the manager was down, or a cache that lost track all end here.
/// </summary>
internal sealed partial class PoolAuditor(ReclaimCaches caches, ReclaimApi api, WorkQueue<ObjectKey> reclaimQueue, ReclaimMetrics metrics, ReclaimOptions options, TimeProvider time, ILogger<PoolAuditor> logger)
    : IReconciler
{
    /// <summary>When each pool (by name and UID) was last audited by this manager; a new leader audits every pool at once.</summary>
    private readonly ConcurrentDictionary<string, (string? Uid, long At)> audited = new(StringComparer.Ordinal);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var pool = caches.Pools.Get(key);
        if (pool is null)
        {
            audited.TryRemove(key.Name, out _);
            metrics.Forget(key.Name);
            return ReconcileResult.Done;
        }

        if (audited.TryGetValue(key.Name, out var last) && last.Uid == pool.Metadata.Uid && time.GetElapsedTime(last.At) is var since && since < options.AuditInterval)
        {
            return ReconcileResult.RequeueAfter(options.AuditInterval - since);
        }

        var started = time.GetTimestamp();
        var (claims, candidates, pages) = (0, 0, 0);
        var graceCutoff = time.GetUtcNow() - options.Grace;
        await foreach (var page in api.ListPoolAsync(key.Name, options.AuditPageSize, cancellationToken).ConfigureAwait(false))
        {
            pages++;
            foreach (var claim in page)
            {
                claims++;
                if (claim.Metadata.CreationTimestamp is { } created && new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) <= graceCutoff
                    && ClaimReclaimer.IsCandidate(claim.Spec, caches))
                {
                    candidates++;
                    reclaimQueue.Add(new ObjectKey(null, claim.Metadata.Name));
                }
            }
        }

        var took = time.GetElapsedTime(started);
        audited[key.Name] = (pool.Metadata.Uid, time.GetTimestamp());
        metrics.AuditClaims.WithLabels(key.Name).Set(claims);
        metrics.AuditDuration.WithLabels(key.Name).Observe(took.TotalSeconds);
        LogAudited(key.Name, claims, pages, candidates, took.TotalMilliseconds);
        return ReconcileResult.RequeueAfter(options.AuditInterval);
    }

    [LoggerMessage(342, LogLevel.Information, "audited pool {Pool}: {Claims} claims in {Pages} pages, {Candidates} handed to reclaim, {Milliseconds:F0} ms")]
    private partial void LogAudited(string pool, int claims, int pages, int candidates, double milliseconds);
}
