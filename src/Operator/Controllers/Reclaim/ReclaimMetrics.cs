using Prometheus;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>Reclaim's counters (requirements §9): candidates, releases by reason, conflicts, and each audit's size and time.</summary>
internal sealed class ReclaimMetrics
{
    public ReclaimMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        Candidates = factory.CreateCounter("multi_ipam_gc_candidates_total", "Claims whose owner looked gone in the cache and were read afresh.", "pool");
        Releases = factory.CreateCounter("multi_ipam_gc_releases_total", "Claims released by reclaim, by why the owner was judged gone.", "pool", "reason");
        Conflicts = factory.CreateCounter("multi_ipam_gc_conflicts_total", "Releases aborted because the claim changed between its fresh read and its delete.", "pool");
        Kept = factory.CreateCounter("multi_ipam_gc_kept_total", "Candidates whose fresh read showed a live owner (the cache was behind).", "pool");
        AuditClaims = factory.CreateGauge("multi_ipam_audit_claims", "Claims listed by the last audit of the pool.", "pool");
        AuditDuration = factory.CreateHistogram("multi_ipam_audit_duration_seconds", "Time to list and check one pool's claims.",
            new HistogramConfiguration { LabelNames = ["pool"], Buckets = [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30] });
    }

    public Counter Candidates { get; }

    /// <summary>Drops every series of a pool that is gone, as the pool gauges do.</summary>
    public void Forget(string pool)
    {
        Remove(Candidates, pool);
        Remove(Releases, pool);
        Remove(Conflicts, pool);
        Remove(Kept, pool);
        Remove(AuditClaims, pool);
        Remove(AuditDuration, pool);
    }

    public Counter Releases { get; }

    public Counter Conflicts { get; }

    public Counter Kept { get; }

    public Gauge AuditClaims { get; }

    public Histogram AuditDuration { get; }

    private static void Remove<TChild>(Collector<TChild> collector, string pool)
        where TChild : ChildBase
    {
        foreach (var labels in collector.GetAllLabelValues().Where(l => l.Length > 0 && l[0] == pool).ToList())
        {
            collector.RemoveLabelled(labels);
        }
    }
}
