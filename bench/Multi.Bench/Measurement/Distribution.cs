namespace Multi.Bench.Measurement;

/// <summary>
/// Summary of a sample in milliseconds. The median averages the two middle values of an even count; p99 is the
/// nearest-rank percentile (the ⌈0.99·n⌉-th smallest value, so the maximum when n ≤ 100).
/// </summary>
internal sealed record Distribution(int N, double MedianMs, double P99Ms, double MeanMs, double MinMs, double MaxMs)
{
    public static Distribution Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new InvalidOperationException("no samples to summarise");
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1];
        return new Distribution(sorted.Length, Round(median), Round(p99), Round(sorted.Average()), Round(sorted[0]), Round(sorted[^1]));
    }

    /// <summary>Microsecond resolution is all a process timing can claim.</summary>
    public static double Round(double ms) => Math.Round(ms, 3, MidpointRounding.AwayFromZero);
}
