namespace Multi.Bench.Ipam;

/// <summary>
/// Operations per second over the wall time of a phase, nearest-rank percentiles of the per-operation latencies, and the CPU
/// time the whole process (API server and clients alike) spent per operation, which other load on the machine disturbs less.
/// </summary>
internal sealed record LatencySummary(string Name, int Count, double Seconds, double PerSecond, double P50Ms, double P99Ms, double MaxMs, double CpuMsPerOp, IReadOnlyList<double> LatenciesMs)
{
    public static LatencySummary Of(string name, IReadOnlyCollection<double> latenciesMs, TimeSpan wall, TimeSpan cpu) =>
        Of(name, latenciesMs, wall.TotalSeconds, cpu.TotalMilliseconds);

    /// <summary>Several runs of one phase as one: operations over the summed wall time, percentiles over all latencies.</summary>
    public static LatencySummary Pool(string name, IReadOnlyList<LatencySummary> runs) =>
        Of(name, runs.SelectMany(r => r.LatenciesMs).ToList(), runs.Sum(r => r.Seconds), runs.Sum(r => r.CpuMsPerOp * r.Count));

    private static LatencySummary Of(string name, IReadOnlyCollection<double> latenciesMs, double seconds, double cpuMs)
    {
        var sorted = latenciesMs.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(name, sorted.Length, seconds, sorted.Length / seconds, Rank(0.50), Rank(0.99), sorted[^1], cpuMs / sorted.Length, sorted);
    }
}
