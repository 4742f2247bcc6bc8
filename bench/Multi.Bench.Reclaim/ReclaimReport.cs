using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Multi.Bench.Reclaim;

/// <summary>The generated part of <c>results/reclaim.md</c>: the command, the machine, the table and the request census.</summary>
internal sealed class ReclaimReport(string command, int pools, int pods, int leaksPerPool, int deletions, int workers, TimeSpan grace, TimeSpan auditInterval, Setup setup, RunResult run)
{
    private const int PageSize = 500;
    private readonly StringBuilder text = new();

    public string Render()
    {
        var claims = pools * pods;
        var leaks = pools * leaksPerPool;
        Line("# Leak reclaim benchmark");
        Line();
        Line($"Command: `{command}` · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} CPUs · .NET {Environment.Version} · load average at end {File.ReadAllText("/proc/loadavg").Trim()}");
        Line();
        Line($"The embedded API server runs in this process (HTTP on loopback, every request seen by an observer that only timestamps it); the operator runs as its own process " +
            $"(`Multi.Operator.dll`, manager mode, no leader election, {workers} workers per controller, `ReclaimGrace` {grace.TotalSeconds:F0} s, `AuditInterval` {auditInterval.TotalSeconds:F0} s). " +
            $"Setup, before the operator starts: {pools} pools (/16), {leaks} leaked claims ({leaksPerPool} per pool, owners that never existed), {pods} pods and {claims} live claims " +
            $"(one per pod per pool), {32} creates in flight. Audit: the operator's first audit of every pool runs once its caches have synced, while the claim informer's own " +
            $"start-up pass also hands every claim to reclaim; the second audit, {auditInterval.TotalSeconds:F0} s later, runs alone. Deletion: {deletions} pods each with one claim older than the grace period, " +
            "deleted one at a time, each timed from the pod DELETE's answer until a watch in this process sees the claim's DELETED event.");
        Line();
        Table(claims, leaks);
        Census();
        return text.ToString();
    }

    private void Table(int claims, int leaks)
    {
        var first = Pass(1);
        var second = Pass(2);
        var pagesExpected = Pages(pods);
        var pagesOk = first.Count == pools && second.Count == pools && first.Concat(second).All(p => p.Pages == Pages(p.Claims) && p.LoggedPages == p.Pages);
        var firstWall = Wall(first);
        var reads = Reads(run.Phase1);
        var sorted = run.DeletionLatencies.Order().ToArray();
        Line("| measure | value | target | |");
        Line("|---|---:|---:|---|");
        Line($"| setup: leaked claims | {leaks} in {setup.Leaks.TotalSeconds:F1} s | | |");
        Line($"| setup: pods | {pods} in {setup.Pods.TotalSeconds:F1} s = {pods / setup.Pods.TotalSeconds:F0}/s | | |");
        Line($"| setup: live claims | {claims} in {setup.Claims.TotalSeconds:F1} s = {claims / setup.Claims.TotalSeconds:F0}/s | | |");
        Line($"| operator start → caches synced (`/readyz` 200) | {run.SyncSeconds:F1} s | | |");
        Line($"| first audit, all pools, wall (first page of the first pool → last pool's log line) | **{firstWall:F2} s** | ≤ 30 s | {Verdict(firstWall <= 30)} |");
        Line($"| first audit, sum of per-pool times (operator's log = histogram) | {first.Sum(p => p.Milliseconds) / 1000:F2} s (per pool {Spread(first)}) | | |");
        if (first.Count > 0)
        {
            var slow = first.MaxBy(p => p.Milliseconds)!;
            var rest = first.Where(p => p != slow).ToList();
            Line($"| first audit's slowest pool: claim DELETEs while its pages were served, and for the other pools | {slow.Pool} {slow.Milliseconds:F0} ms: {DeletesDuring(slow)} · others: {rest.Sum(DeletesDuring)} in all | | |");
        }

        Line($"| second audit (alone), sum of per-pool times / wall | **{second.Sum(p => p.Milliseconds) / 1000:F2} s** (per pool {Spread(second)}) / {Wall(second):F2} s | ≤ 30 s | {Verdict(second.Sum(p => p.Milliseconds) / 1000 <= 30)} |");
        Line($"| `multi_ipam_audit_duration_seconds` sum / count, all pools | {run.Metrics.Sum("multi_ipam_audit_duration_seconds_sum"):F2} s / {run.Metrics.Sum("multi_ipam_audit_duration_seconds_count"):F0} audits | | |");
        Line($"| audit LIST pages per pool, every pass (server-side count and the operator's) | {PagesText(first)} · {PagesText(second)} | ⌈claims listed / {PageSize}⌉ ({pagesExpected} for {pods}) | {Verdict(pagesOk)} |");
        Line($"| claims listed per pool, first / second audit | {ClaimsText(first)} / {ClaimsText(second)} | | |");
        Line($"| candidates the audit handed to reclaim, first / second audit | {first.Sum(p => p.Candidates)} / {second.Sum(p => p.Candidates)} | | |");
        var d = run.Decomposition.OrderBy(x => x.FetchMs + x.ElementThenItemMs).ToList()[run.Decomposition.Count / 2];
        Line($"| one pool's audit LIST at rest, by the bench ({d.Items} claims, median of {run.Decomposition.Count}): fetch (server + transfer) / decode as JsonElement then each item / decode as a typed page | {d.FetchMs:F0} ms / {d.ElementThenItemMs:F0} ms / {d.TypedPageMs:F0} ms | | |");
        Line($"| other requests during the second audit | {Others(second)} | 0 | {Verdict(Others(second) == 0)} |");
        Line($"| fresh reads of claims before the deletion phase: GET claim / GET pod | {reads.ClaimGets} / {reads.PodGets} ({reads.LiveReads} of live claims or pods) | live: 0 | {Verdict(reads.LiveReads == 0)} |");
        Line($"| releases (DELETE claim) before the deletion phase | {reads.Deletes} ({reads.LiveDeletes} of live claims) | {leaks}, live 0 | {Verdict(reads.Deletes == leaks && reads.LiveDeletes == 0)} |");
        Line($"| leaks released | {leaks - run.LeaksLeft} of {leaks}, all gone {run.LeaksGoneSeconds:F1} s after `/readyz` | all | {Verdict(run.LeaksLeft == 0)} |");
        Line($"| live claims kept | {run.LiveKept} of {claims} (claims in the API at the end: {run.Remaining}) | all, and nothing else | {Verdict(run.LiveKept == claims && run.Remaining == claims)} |");
        Line($"| `multi_ipam_gc_releases_total` / `multi_ipam_gc_candidates_total` | {run.Metrics.Sum("multi_ipam_gc_releases_total"):F0} / {run.Metrics.Sum("multi_ipam_gc_candidates_total"):F0} | | |");
        Line($"| operator RSS after the first audit (peak so far) | {run.RssAfterAudit.Rss:F1} MiB ({run.RssAfterAudit.Peak:F1}) | | |");
        Line($"| operator CPU from start to after the first audit | {run.CpuAfterAudit.TotalSeconds:F1} s | | |");
        Line($"| pod DELETE → claim DELETED, p50 | {Pct(sorted, 0.5):F1} ms | | |");
        Line($"| pod DELETE → claim DELETED, p99 | **{Pct(sorted, 0.99):F1} ms** (max {sorted[^1]:F1}) | ≤ 2000 ms | {Verdict(Pct(sorted, 0.99) <= 2000)} |");
        Line();
    }

    private void Census()
    {
        var firstWindow = Window(Pass(1));
        var secondWindow = Window(Pass(2));
        var kinds = run.All.Select(RequestKind.Of).Distinct().Order(StringComparer.Ordinal).ToList();
        Line("Requests the server received, by kind (operator and bench): from the operator's start until the deletion phase; during the first audit's wall window; " +
            "during the deletion phase; during the second audit's window.");
        Line();
        Line("| request | start → deletion phase | first audit window | deletion phase | second audit window |");
        Line("|---|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            Line($"| {kind} | {Count(run.Phase1, kind)} | {Count(firstWindow, kind)} | {Count(run.Phase2, kind)} | {Count(secondWindow, kind)} |");
        }

        Line();
    }

    private List<AuditPass> Pass(int n) => [.. run.Passes.Where(p => p.Pass == n)];

    private static double Wall(List<AuditPass> pass) =>
        pass.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(pass.Min(p => p.FirstPageAt), pass.Max(p => p.LoggedAt)).TotalSeconds;

    private List<ObservedRequest> Window(List<AuditPass> pass) => pass.Count == 0
        ? []
        : [.. run.All.Where(r => r.At >= pass.Min(p => p.FirstPageAt) && r.At <= pass.Max(p => Math.Max(p.LoggedAt, p.LastPageAt)))];

    private int DeletesDuring(AuditPass pass) => run.All.Count(r => r.At >= pass.FirstPageAt && r.At <= pass.LastPageAt && RequestKind.Of(r) == RequestKind.ClaimDelete);

    private int Others(List<AuditPass> pass) => Window(pass).Count(r => RequestKind.Of(r) != RequestKind.AuditPage);

    private (int ClaimGets, int PodGets, int Deletes, int LiveReads, int LiveDeletes) Reads(IReadOnlyList<ObservedRequest> requests)
    {
        var claimGets = requests.Where(r => RequestKind.Of(r) == RequestKind.ClaimGet).ToList();
        var podGets = requests.Where(r => RequestKind.Of(r) == RequestKind.PodGet).ToList();
        var deletes = requests.Where(r => RequestKind.Of(r) == RequestKind.ClaimDelete).ToList();
        var liveReads = claimGets.Count(r => run.LiveNames.Contains(RequestKind.Name(r))) + podGets.Count(r => RequestKind.Name(r).StartsWith("pod-", StringComparison.Ordinal));
        return (claimGets.Count, podGets.Count, deletes.Count, liveReads, deletes.Count(r => !run.LeakNames.Contains(RequestKind.Name(r))));
    }

    private static int Pages(int claims) => Math.Max(1, (int)Math.Ceiling(claims / (double)PageSize));

    private static int Count(IEnumerable<ObservedRequest> requests, string kind) => requests.Count(r => RequestKind.Of(r) == kind);

    private static string Spread(List<AuditPass> pass)
    {
        var ms = pass.Select(p => p.Milliseconds).Order().ToArray();
        return ms.Length == 0 ? "none" : $"{ms[0]:F0}–{ms[^1]:F0} ms, median {ms[ms.Length / 2]:F0}";
    }

    private static string PagesText(List<AuditPass> pass) =>
        pass.Count == 0 ? "none" : string.Join(", ", pass.Select(p => p.Pages == p.LoggedPages ? $"{p.Pages}" : $"{p.Pages}/{p.LoggedPages}").Distinct());

    private static string ClaimsText(List<AuditPass> pass) => pass.Count == 0 ? "none" : string.Join(", ", pass.Select(p => p.Claims).Distinct());

    private static double Pct(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Verdict(bool ok) => ok ? "PASS" : "FAIL";

    private void Line(string line = "") => text.Append(CultureInfo.InvariantCulture, $"{line}").Append('\n');
}
