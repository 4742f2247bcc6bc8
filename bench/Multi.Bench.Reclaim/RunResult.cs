namespace Multi.Bench.Reclaim;

/// <summary>What one run observed, for the report.</summary>
internal sealed class RunResult
{
    public double SyncSeconds { get; set; }

    public double LeaksGoneSeconds { get; set; }

    public (double Rss, double Peak) RssAfterAudit { get; set; }

    public (double Rss, double Peak) RssEnd { get; set; }

    public TimeSpan CpuAfterAudit { get; set; }

    public List<double> DeletionLatencies { get; set; } = [];

    public OperatorMetrics Metrics { get; set; } = new("");

    /// <summary>One pool's audit LIST taken apart at rest (<see cref="AuditDecomposition"/>), repeated.</summary>
    public List<(double FetchMs, double ElementThenItemMs, double TypedPageMs, int Items)> Decomposition { get; } = [];

    public int LiveKept { get; set; }

    public int LeaksLeft { get; set; }

    public int Remaining { get; set; }

    public List<AuditPass> Passes { get; set; } = [];

    public IReadOnlyList<ObservedRequest> Phase1 { get; set; } = [];

    public IReadOnlyList<ObservedRequest> Phase2 { get; set; } = [];

    public IReadOnlyList<ObservedRequest> All { get; set; } = [];

    public HashSet<string> LiveNames { get; set; } = [];

    public HashSet<string> LeakNames { get; set; } = [];
}
