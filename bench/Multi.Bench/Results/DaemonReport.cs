using Multi.Bench.Measurement;
using System.Text;
using Multi.Bench.Daemon;
using static Multi.Bench.Results.MarkdownReport;

namespace Multi.Bench.Results;

/// <summary>The thick-mode section of <c>meta-plugin.md</c>.</summary>
internal static class DaemonReport
{
    public static void Section(StringBuilder md, DaemonScenarioResult d)
    {
        Line(md, "## Thick mode: `multi` as a shim to the node daemon, against the thin path and direct delegate calls");
        Line(md);
        Line(md, "Kubernetes mode, the same three networks (the two secondaries as NADs named by the pod's annotation). The node agent runs as a process of its own "
            + $"(`{d.DaemonBuild}`, `--Operator:Mode=agent --Operator:Daemon:Enabled=true`, informers on the embedded API server, the socket in the run's state directory); "
            + "the runtime calls `multi` whose configuration names the socket. Per pod one namespace and four runs on it — daemon (shim ADD + DEL), thin (the same "
            + "configuration without `daemonSocket`: `multi` in-process), direct (3 ADD + 3 DEL) and direct again (the same calls once more) — in an order rotating from pod to pod. The next pod object exists "
            + $"before each pod's calls, as a scheduled pod exists before the kubelet calls CNI. {d.Pods} pods after {d.WarmupPods} warm-up pods.");
        Line(md);
        Header(md, "per pod");
        Row(md, "daemon ADD+DEL", d.Daemon);
        Row(md, "thin ADD+DEL", d.Thin);
        Row(md, "direct ADD+DEL", d.Direct);
        Row(md, "**overhead daemon − direct**", d.DaemonOverhead);
        Row(md, "overhead thin − direct", d.ThinOverhead);
        Row(md, "noise: direct again − direct", d.DirectNoise);
        if (d.Floor is { } floorRow && d.AboveFloor is { } aboveRow)
        {
            Row(md, "floor: two starts of the floor program", floorRow);
            Row(md, "overhead daemon − direct − floor", aboveRow);
        }

        Row(md, "daemon ADD", d.DaemonAdd);
        Row(md, "daemon DEL", d.DaemonDel);
        Row(md, "thin ADD", d.ThinAdd);
        Row(md, "thin DEL", d.ThinDel);
        Line(md);
        Line(md, $"Overhead target: median ≤ {F(Targets.PodOverheadMedianMs)} ms and p99 ≤ {F(Targets.DaemonOverheadP99Ms)} ms → **{Verdict(d.OverheadPass)}** "
            + $"(median {F(d.DaemonOverhead.MedianMs)} ms, p99 {F(d.DaemonOverhead.P99Ms)} ms).");
        Line(md, $"Noise: the six direct calls made twice on each pod differ by {F(d.DirectNoise.MedianMs)} ms median and {F(d.DirectNoise.P99Ms)} ms p99; "
            + "the overhead's p99 cannot be told from this spread, which is the delegates' own.");
        if (d.Floor is { } twoStarts && d.AboveFloor is { } above)
        {
            Line(md, $"Floor: a pod through the daemon starts two processes the direct path does not (the shim's ADD and DEL). Two starts of the smallest program "
                + $"that answers VERSION (`bench/floor/version-floor.c`, static C), timed on each pod's turn in the same harness, take {F(twoStarts.MedianMs)} ms median "
                + $"({F(twoStarts.P99Ms)} p99): process start-up no shim can remove. The overhead above it, the shim's and the daemon's own work: "
                + $"{F(above.MedianMs)} ms median, {F(above.MeanMs)} ms mean.");
        }

        Line(md, $"API requests through the daemon: at most {d.MaxDaemonAddRequests} per ADD and {d.MaxDaemonDelRequests} per DEL (events apart; thin: {F(d.MeanThinAddRequests)} per ADD) "
            + $"→ target ≤ {Targets.DaemonMaxAddRequests} and 0: **{Verdict(d.RequestsPass)}**.");
        Line(md, $"Daemon resident memory at rest: {F(d.RestRssMiB)} MiB after start, {F(d.RestRssAfterMiB)} MiB after the per-pod runs → target ≤ {F(Targets.DaemonRestRssMiB)} MiB: **{Verdict(d.RestMemoryPass)}**.");
        Line(md, $"Peak during a burst of {d.PeakBurst.Pods} pods at {d.PeakBurst.Concurrency} at once: {F(d.PeakBurst.DaemonPeakRssMiB ?? 0)} MiB (sampled every 50 ms; delegate children are processes of their own) "
            + $"→ target ≤ {F(Targets.DaemonPeakRssMiB)} MiB: **{Verdict(d.PeakMemoryPass)}**.");
        Line(md);
        Line(md, "Bursts: every pod ADD then DEL through `multi`, the namespace made and removed around them, `concurrency` pods at a time; wall time includes the namespaces.");
        Line(md);
        Line(md, "| burst | pods | at once | wall (s) | pods/s | failures | ADD median / p99 (ms) | DEL median / p99 (ms) | daemon peak RSS (MiB) |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var b in new[] { d.PeakBurst, d.DaemonBurst, d.ThinBurst })
        {
            Line(md, $"| {b.Path} | {b.Pods} | {b.Concurrency} | {F(b.WallSeconds)} | {F(b.PodsPerSecond)} | {b.Failures} | {F(b.Add.MedianMs)} / {F(b.Add.P99Ms)} | "
                + $"{F(b.Del.MedianMs)} / {F(b.Del.P99Ms)} | {(b.DaemonPeakRssMiB is { } p ? F(p) : "—")} |");
        }

        Line(md);
        var first = d.DaemonBurst.FirstFailure ?? d.PeakBurst.FirstFailure;
        Line(md, $"Burst target: no failure → **{Verdict(d.BurstPass)}**{(first is null ? "" : $" (first: {first})")}.");
    }
}
