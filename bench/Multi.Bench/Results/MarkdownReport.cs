using System.Globalization;
using System.Text;
using Multi.Bench.Measurement;
using Multi.Bench.Daemon;
using Multi.Bench.Kubernetes;
using Multi.Bench.Pods;
using Multi.Bench.Version;

namespace Multi.Bench.Results;

/// <summary>The human-readable summary: one short table per scenario, the targets and the environment.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var env = report.Environment;
        var md = new StringBuilder();
        Line(md, "# Multi meta-plugin benchmark");
        Line(md);
        Line(md, $"Command: `{env.Command}` (as root; raw numbers, per-pod samples included, in `meta-plugin.json`).");
        Line(md);
        Line(md, $"Date {env.Date:yyyy-MM-dd HH:mm} UTC · commit {env.Commit} · kernel {env.Kernel} · {env.Cpus} CPUs ({env.CpuModel}) · "
            + $"{env.DotNet} · Debian containernetworking-plugins {env.DebianPlugins} · load average {env.LoadAtStart} at start, {env.LoadAtEnd} at end");
        Line(md);
        PodSection(md, report.Pod, env.NodeNamespace);
        Line(md);
        KubernetesSection(md, report.Kubernetes);
        Line(md);
        DaemonReport.Section(md, report.Daemon);
        Line(md);
        VersionSection(md, report.Version);
        return md.ToString();
    }

    private static void PodSection(StringBuilder md, PodScenarioResult pod, string node)
    {
        Line(md, "## Pod ADD+DEL: `multi` against the same delegates called directly");
        Line(md);
        Line(md, $"One cluster network (bridge + host-local, `eth0`) and two secondaries (macvlan + host-local `net1`, ptp + host-local `net2`), CNI 1.0.0, "
            + $"plugins run from the node namespace `{node}`. Per pod: the sum of the plugin processes' wall times (multi: ADD + DEL; direct: 3 ADD + 3 DEL "
            + $"with the configs multi would send); both paths on the same pod namespace, alternating which goes first. {pod.Pods} pods measured after "
            + $"{pod.WarmupPods} warm-up pods. p99 is nearest-rank (the maximum for n ≤ 100).");
        Line(md);
        Header(md, "per pod");
        Row(md, "multi ADD+DEL", pod.Multi);
        Row(md, "direct ADD+DEL", pod.Direct);
        Row(md, "**overhead (multi − direct)**", pod.Overhead);
        Row(md, "multi ADD", pod.MultiAdd);
        Row(md, "direct ADD (3 calls)", pod.DirectAdd);
        Row(md, "multi DEL", pod.MultiDel);
        Row(md, "direct DEL (3 calls)", pod.DirectDel);
        Line(md);
        Line(md, $"Target: overhead ≤ {F(pod.TargetOverheadMedianMs)} ms median per pod → **{Verdict(pod.Pass)}** ({F(pod.Overhead.MedianMs)} ms).");
    }

    private static void KubernetesSection(StringBuilder md, KubernetesScenarioResult kube)
    {
        Line(md, "## Pod ADD+DEL in Kubernetes mode: pod, NADs and network-status through the embedded API server");
        Line(md);
        Line(md, "The same three networks, but the two secondaries are NADs named by the pod's `k8s.v1.cni.cncf.io/networks: storage,backhaul` annotation; "
            + "`multi` reads the pod (UID check), the NADs (one request), writes `network-status` through `pods/status` and sends one `AddedInterface` event per "
            + $"interface off the ADD path. The API server runs in the harness process on the node namespace's loopback. {kube.Pods} pods after {kube.WarmupPods} warm-up pods.");
        Line(md);
        Header(md, "per pod");
        Row(md, "multi ADD+DEL", kube.AddDel);
        Row(md, "multi ADD", kube.Add);
        Row(md, "multi DEL", kube.Del);
        Line(md);
        Line(md, $"API requests per ADD: mean {F(kube.MeanAddRequests)}, max {kube.MaxAddRequests} on the ADD path, plus {F(kube.MeanAddEvents)} events sent asynchronously.");
        Line(md, $"Target: at most {kube.TargetMaxAddRequests} API requests on the ADD path → **{Verdict(kube.Pass)}**.");
    }

    private static void VersionSection(StringBuilder md, VersionScenarioResult version)
    {
        Line(md, "## VERSION start-up: `multi` (the C shim, which execs the NativeAOT `multi-engine` for VERSION) against Debian's `bridge` (Go)");
        Line(md);
        Line(md, $"`CNI_COMMAND=VERSION`, stdin `{{\"cniVersion\":\"1.0.0\"}}`, process start to exit; {version.Runs} interleaved runs each after {version.WarmupRuns} warm-up runs.");
        Line(md);
        Header(md, "VERSION");
        Row(md, "multi", version.Multi);
        Row(md, "bridge", version.Bridge);
        if (version.Floor is { } floor)
        {
            Row(md, "floor: a static C program printing a constant (`bench/floor/version-floor.c`)", floor);
        }

        Line(md);
        Line(md, $"Target: multi ≤ {F(version.TargetRatio)}× bridge (medians) → **{Verdict(version.Pass)}** (ratio {F(version.Ratio)}).");
    }

    internal static void Header(StringBuilder md, string what)
    {
        Line(md, $"| {what} | n | median (ms) | p99 (ms) | mean (ms) |");
        Line(md, "|---|---:|---:|---:|---:|");
    }

    internal static void Row(StringBuilder md, string label, Distribution d) =>
        Line(md, $"| {label} | {d.N} | {F(d.MedianMs)} | {F(d.P99Ms)} | {F(d.MeanMs)} |");

    internal static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    internal static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    internal static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
