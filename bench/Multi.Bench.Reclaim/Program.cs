using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using Multi.Bench.Reclaim;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;

// The leak-reclaim bench (ipam requirements §7): the manager's audit over 10 pools × 10,000 live claims plus 1 % leaks,
// and the time from a pod's deletion to its address being free, against the embedded API server in this process with the
// operator as its own process.
var pools = Arg("--pools", 10);
var pods = Arg("--pods", 10_000);
var leaksPerPool = Arg("--leaks-per-pool", 100);
var deletions = Arg("--deletions", 200);
var workers = Arg("--workers", 4);
var concurrency = Arg("--concurrency", 32);
var grace = TimeSpan.FromSeconds(Arg("--grace-seconds", 2));
var auditInterval = TimeSpan.FromSeconds(Arg("--audit-interval-seconds", 45));
var output = ArgText("--output", Path.Combine(RepoLayout.Root, "bench", "results", "reclaim.md"));
var command = ("dotnet run -c Release --project bench/Multi.Bench.Reclaim -- " + string.Join(' ', args)).TrimEnd();
var leakOffset = pods + 1;
var deletionOffset = pods + leaksPerPool + 101;

var dir = Directory.CreateTempSubdirectory("multi-bench-reclaim-");
var observer = new RequestObserver();
await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions { EventLogCapacity = 50_000, RequestLogCapacity = 100, Faults = observer.Observe });
await server.StartAsync();
var kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
server.WriteKubeconfig(kubeconfig);
using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
foreach (var file in Directory.GetFiles(Path.Combine(RepoLayout.Root, "crds"), "*_*.yaml"))
{
    await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file)));
}

// Setup: the leaks first (their owners never existed), then the live pods and their claims, many in flight.
var population = new Population(client, concurrency);
await population.PoolsAsync(pools);
var setup = new Setup();
var watch = Stopwatch.StartNew();
await population.LeaksAsync(pools, leaksPerPool, leakOffset);
setup.Leaks = watch.Elapsed;
watch.Restart();
var liveUids = await population.PodsAsync("pod", pods);
setup.Pods = watch.Elapsed;
watch.Restart();
await population.ClaimsAsync("pod", liveUids, pools, firstOffset: 1, phase: "live");
setup.Claims = watch.Elapsed;
Console.Error.WriteLine($"setup: {pools * leaksPerPool} leaks {setup.Leaks.TotalSeconds:F1} s, {pods} pods {setup.Pods.TotalSeconds:F1} s, {pods * pools} claims {setup.Claims.TotalSeconds:F1} s");
await Task.Delay(grace); // every leak is past the grace period before the operator starts

// Audit: the operator starts on the full cluster; its first audit of every pool runs as soon as its caches have synced.
observer.Record();
var probePort = Phases.FreePort();
using var op = OperatorProcess.Start(kubeconfig, probePort, workers, grace, auditInterval);
var ready = await Phases.WaitReadyAsync(probePort, op, TimeSpan.FromMinutes(3));
var run = new RunResult { SyncSeconds = Stopwatch.GetElapsedTime(op.Started, ready).TotalSeconds };
Console.Error.WriteLine($"operator ready after {run.SyncSeconds:F1} s");
var leaksGone = await Phases.UntilAsync(async () => (await Phases.ClaimNamesAsync(client, $"{Population.PhaseLabel}=leak")).Count == 0, TimeSpan.FromMinutes(3), pollMs: 250);
run.LeaksGoneSeconds = Stopwatch.GetElapsedTime(ready).TotalSeconds;
await Phases.UntilAsync(() => Task.FromResult(op.AuditLines.Count >= pools), TimeSpan.FromMinutes(3));
Console.Error.WriteLine($"leaks gone: {leaksGone} after {run.LeaksGoneSeconds:F1} s; first audit logged for {op.AuditLines.Count} pools");
await Task.Delay(TimeSpan.FromSeconds(3));
run.RssAfterAudit = op.Memory();
run.CpuAfterAudit = op.CpuTime();
var phase2Start = Stopwatch.GetTimestamp();

// Pod deletion → address free: pods whose claims are past the grace period, deleted one at a time.
var deletionUids = await population.PodsAsync("del", deletions);
await population.ClaimsAsync("del", deletionUids, pools: 1, firstOffset: deletionOffset, phase: "delete");
using var deletionWatcher = await DeletionWatcher.StartAsync(client, $"{Population.PhaseLabel}=delete");
await Task.Delay(grace + TimeSpan.FromSeconds(1));
var targets = Enumerable.Range(0, deletions).Select(i => (Population.Namespace(i), $"del-{i}", Population.ClaimName(0, deletionOffset + i))).ToList();
run.DeletionLatencies = await Phases.DeletionLatenciesAsync(client, deletionWatcher, targets);
var phase2End = Stopwatch.GetTimestamp();
Console.Error.WriteLine($"deletions: {deletions} done; waiting for the second audit of every pool (interval {auditInterval})");

// The second audit: nothing else happens meanwhile, so its requests are the audit's alone.
await Phases.UntilAsync(() => Task.FromResult(op.AuditLines.Count >= 2 * pools), auditInterval + TimeSpan.FromMinutes(3));
await Task.Delay(TimeSpan.FromSeconds(1));
var requests = observer.Snapshot();
for (var k = 0; k < 3; k++)
{
    run.Decomposition.Add(await AuditDecomposition.MeasureAsync(client, Population.Pool(0), 500));
}

run.Metrics = await OperatorMetrics.ScrapeAsync(probePort);
run.RssEnd = op.Memory();

var remaining = await Phases.ClaimNamesAsync(client);
var live = Population.Names(pools, 1, pods).ToHashSet(StringComparer.Ordinal);
var leaks = Population.Names(pools, leakOffset, leaksPerPool).ToHashSet(StringComparer.Ordinal);
run.LiveKept = live.Count(remaining.Contains);
run.LeaksLeft = leaks.Count(remaining.Contains);
run.Remaining = remaining.Count;
run.Passes = AuditPass.From(requests, op.AuditLines);
run.Phase1 = [.. requests.Where(r => r.At < phase2Start)];
run.Phase2 = [.. requests.Where(r => r.At >= phase2Start && r.At <= phase2End)];
run.All = requests;
run.LiveNames = live;
run.LeakNames = leaks;

var report = new ReclaimReport(command, pools, pods, leaksPerPool, deletions, workers, grace, auditInterval, setup, run).Render();
Console.WriteLine(report);
if (output.Length > 0)
{
    await File.WriteAllTextAsync(output, report);
    Console.Error.WriteLine($"written to {output}");
}

dir.Delete(recursive: true);
return 0;

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string ArgText(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
