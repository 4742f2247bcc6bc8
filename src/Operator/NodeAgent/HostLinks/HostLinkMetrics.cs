using Multi.Operator.NodeAgent.HostInterfaces;
using Prometheus;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>The host-interface series (host-interfaces.md, section 8): managed links, drift repairs, conflicts, rollbacks, pass duration.</summary>
internal sealed class HostLinkMetrics
{
    private readonly Gauge links;
    private readonly Gauge conflicts;
    private readonly Counter changes;
    private readonly Counter repairs;
    private readonly Counter rollbacks;
    private readonly Histogram duration;

    public HostLinkMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        links = factory.CreateGauge("multi_host_links", "Managed host links on this node by state.", "state");
        conflicts = factory.CreateGauge("multi_host_link_conflicts", "Links held by a foreign link (Clash) plus declarations withheld by a conflict, on this node.");
        changes = factory.CreateCounter("multi_host_link_changes_total", "Link changes applied, by action.", "action");
        repairs = factory.CreateCounter("multi_host_link_drift_repairs_total", "Links that were Ready, drifted (changed or deleted by someone else) and were repaired.");
        rollbacks = factory.CreateCounter("multi_host_link_rollbacks_total", "Transactions that failed and were rolled back.");
        duration = factory.CreateHistogram("multi_host_link_reconcile_seconds", "Duration of one host-interface pass (plan, apply, plan again).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        foreach (var state in Enum.GetValues<LinkState>())
        {
            links.WithLabels(state.ToString()).Set(0);
        }
    }

    public void Observed(HostLinkPlan plan)
    {
        foreach (var state in Enum.GetValues<LinkState>())
        {
            links.WithLabels(state.ToString()).Set(plan.Links.Count(l => l.State == state));
        }

        conflicts.Set(plan.Links.Count(l => l.State == LinkState.Clash) + plan.Problems.Select(p => p.Link).Distinct(StringComparer.Ordinal).Count());
    }

    public void Applied(IEnumerable<LinkAction> actions, int driftRepairs)
    {
        foreach (var action in actions)
        {
            changes.WithLabels(action switch
            {
                LinkAction.Create => "create",
                LinkAction.Set => "set",
                LinkAction.SetUp => "up",
                LinkAction.SetDown => "down",
                LinkAction.SetMaster => "master",
                LinkAction.Delete => "delete",
                _ => "report",
            }).Inc();
        }

        repairs.Inc(driftRepairs);
    }

    public void RolledBack() => rollbacks.Inc();

    public void Took(TimeSpan elapsed) => duration.Observe(elapsed.TotalSeconds);
}
