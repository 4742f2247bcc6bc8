using System.Globalization;

namespace Multi.Bench.Webhook;

/// <summary>Nearest-rank percentiles of per-review latencies, in milliseconds.</summary>
internal sealed record Latency(int Count, double P50, double P99, double Max, double Mean, IReadOnlyList<double> Samples)
{
    public static Latency Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latency(sorted.Length, Rank(0.50), Rank(0.99), sorted[^1], sorted.Average(), sorted);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"n={Count} p50={P50:F3} ms p99={P99:F3} ms max={Max:F2} ms");
}
