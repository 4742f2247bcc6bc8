using System.Globalization;
using System.Text;

namespace Multi.Bench.Webhook;

/// <summary>bench/results/webhook.md: the command, the machine's load, and a row per kind of review.</summary>
internal static class Report
{
    public static string Render(string command, double idleMsPerSecond, string build, string loadAtStart, int reviews, int warmup, int concurrency, IReadOnlyList<(string Name, Latency Latency, double CpuMs)> sequential, (string Name, Latency Latency) parallel)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine("# Admission webhook: review latency");
        text.AppendLine();
        text.AppendLine(inv, $"`{command}` ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, load average {loadAtStart} at the start, {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end).");
        text.AppendLine();
        text.AppendLine(inv, $"The manager ({build}) against the embedded API server with 51 NADs, 200 IPPools and 100 ClusterNetworks in its caches, serving the webhook over HTTPS (TLS 1.3, ECDSA P-256) on loopback. Each kind: {warmup} warm-up reviews, then {reviews} sent one after another on one keep-alive HTTP/1.1 connection, each timed from send to the last byte of the answer (client included). Then {concurrency} connections at once, each sending pod validations. Target: p99 ≤ 5 ms. The manager's CPU time per review (its whole process, informers included, over the sequential run) is what load on the machine disturbs least.");
        text.AppendLine();
        text.AppendLine("| Review | n | p50 ms | p99 ms | max ms | mean ms | manager CPU ms/review |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, l, cpu) in sequential)
        {
            text.AppendLine(inv, $"| {name} | {l.Count} | {l.P50:F3} | {l.P99:F3} | {l.Max:F2} | {l.Mean:F3} | {cpu:F3} |");
        }

        var p = parallel.Latency;
        text.AppendLine(inv, $"| {parallel.Name}, {concurrency} connections at once | {p.Count} | {p.P50:F3} | {p.P99:F3} | {p.Max:F2} | {p.Mean:F3} | |");

        text.AppendLine();
        text.AppendLine(inv, $"Reviews started once the manager had settled (its controllers render the networks' NADs and the pools' status first): its last idle second used {idleMsPerSecond:F1} ms of CPU.");
        var worst = sequential.Max(s => s.Latency.P99);
        text.AppendLine();
        text.AppendLine(inv, $"Sequential p99 worst kind: {worst:F3} ms: target {(worst <= 5 ? "met" : "NOT met")}.");
        return text.ToString();
    }
}
