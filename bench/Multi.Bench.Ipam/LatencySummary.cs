namespace Multi.Bench.Ipam;

/// <summary>
/// Operations per second over the wall time of a phase, nearest-rank percentiles of the per-operation latencies, and the CPU
/// time the whole process (API server and clients alike) spent per operation, which other load on the machine disturbs less.
/// </summary>
internal sealed record LatencySummary(string Name, int Count, double Seconds, double PerSecond, double P50Ms, double P99Ms, double MaxMs, double CpuMsPerOp)
{
    public static LatencySummary Of(string name, IReadOnlyCollection<double> latenciesMs, TimeSpan wall, TimeSpan cpu)
    {
        var sorted = latenciesMs.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(name, sorted.Length, wall.TotalSeconds, sorted.Length / wall.TotalSeconds, Rank(0.50), Rank(0.99), sorted[^1], cpu.TotalMilliseconds / sorted.Length);
    }
}
