using System.Globalization;
using System.Text;
using Multi.Bench.Measurement;
using Multi.Bench.Results;

namespace Multi.Bench.Daemon;

/// <summary>
/// What <c>--only thick</c> prints: the per-pod distributions of the three paths and, from the daemon's own histograms, how much
/// of a daemon request was delegate processes and how much the daemon's own work (means over every measured and warm-up call).
/// </summary>
internal static class ThickProbe
{
    public static string Render(BenchEnvironment environment, IReadOnlyList<DaemonPodSample> samples, IReadOnlyList<string> metrics)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"thick-mode probe, load {environment.LoadAtStart}, {samples.Count} pods");
        md.AppendLine("| per pod | median (ms) | p99 (ms) | mean (ms) |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, select) in new (string, Func<DaemonPodSample, double>)[]
        {
            ("daemon ADD+DEL", s => s.DaemonMs), ("thin ADD+DEL", s => s.ThinMs), ("direct ADD+DEL", s => s.DirectMs),
            ("overhead daemon − direct", s => s.DaemonOverheadMs), ("overhead thin − direct", s => s.ThinOverheadMs), ("noise: direct again − direct", s => s.DirectNoiseMs),
            ("floor: two starts of the floor program", s => s.FloorMs), ("overhead − floor", s => s.AboveFloorMs),
            ("daemon ADD", s => s.DaemonAddMs), ("direct ADD", s => s.DirectAddMs), ("daemon DEL", s => s.DaemonDelMs), ("direct DEL", s => s.DirectDelMs),
        })
        {
            var d = Distribution.Of(samples.Select(select));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {d.MedianMs:0.00} | {d.P99Ms:0.00} | {d.MeanMs:0.00} |");
        }

        foreach (var verb in new[] { "ADD", "DEL" })
        {
            var requestSum = Value(metrics, $"multi_daemon_request_duration_seconds_sum{{plugin=\"multi\",verb=\"{verb}\"}}");
            var requests = Value(metrics, $"multi_daemon_request_duration_seconds_count{{plugin=\"multi\",verb=\"{verb}\"}}");
            md.AppendLine(CultureInfo.InvariantCulture, $"daemon {verb}: {requests} requests, mean {1000 * requestSum / Math.Max(1, requests):0.00} ms from header to answer");
        }

        var delegateSum = metrics.Where(l => l.StartsWith("multi_daemon_delegate_duration_seconds_sum", StringComparison.Ordinal)).Sum(Value);
        var delegates = metrics.Where(l => l.StartsWith("multi_daemon_delegate_duration_seconds_count", StringComparison.Ordinal)).Sum(Value);
        md.AppendLine(CultureInfo.InvariantCulture, $"delegates: {delegates} runs, mean {1000 * delegateSum / Math.Max(1, delegates):0.00} ms");
        return md.ToString();
    }

    private static double Value(IReadOnlyList<string> metrics, string name) =>
        metrics.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) is { } line ? Value(line) : 0;

    private static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
