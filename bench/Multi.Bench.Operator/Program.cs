using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Bench.Operator;
using Multi.Operator.Entities;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;

// The operator's convergence bench (issue "The operator"): 1000 ClusterNetworks × 10 namespaces against the embedded
// API server, next to the rate at which the same server creates the same number of NAD objects from a plain client;
// then the latency from a ClusterNetwork change to its NADs being updated, and the operator's memory.
var networks = Arg("--networks", 1000);
var namespaceCount = Arg("--namespaces", 10);
var changes = Arg("--changes", 100);
var workers = Arg("--workers", 4);
var output = ArgText("--output", Path.Combine(RepoLayout.Root, "bench", "results", "operator.md"));
var command = "dotnet run -c Release --project bench/Multi.Bench.Operator -- " + string.Join(' ', args);

var dir = Directory.CreateTempSubdirectory("multi-bench-operator-");
await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions { EventLogCapacity = 200_000, RequestLogCapacity = 1000 });
await server.StartAsync();
var kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
server.WriteKubeconfig(kubeconfig);
using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
foreach (var file in Directory.GetFiles(Path.Combine(RepoLayout.Root, "crds"), "*_*.yaml"))
{
    await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file)));
}

var namespaces = Enumerable.Range(0, namespaceCount).Select(i => $"bench-{i}").ToArray();
foreach (var ns in namespaces)
{
    await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
}

var total = networks * namespaceCount;
Console.Error.WriteLine($"raw: {total} NAD creates, 16 at a time");
var raw = await Phases.RawCreatesAsync(client, namespaces, networks, concurrency: 16);
Console.Error.WriteLine($"raw: {raw.TotalSeconds:F2} s; deleting them");
await Phases.DeleteRawAsync(client, namespaces);

var probePort = Phases.FreePort();
using var op = OperatorProcess.Start(kubeconfig, probePort, workers);
await Phases.WaitReadyAsync(probePort, op);
await Task.Delay(TimeSpan.FromSeconds(3));
var idleBefore = op.Memory();
Console.Error.WriteLine($"operator ready, RSS {idleBefore.Rss:F1} MiB");

using var watcher = await ConvergenceWatcher.StartAsync(client);
var peakSampler = new PeakSampler(op);
var converge = await Phases.ConvergeAsync(client, watcher, namespaces, networks);
Console.Error.WriteLine($"converged: {converge.TotalSeconds:F2} s");
await Task.Delay(TimeSpan.FromSeconds(5));
var latencies = await Phases.ChangeLatenciesAsync(client, watcher, networks, namespaceCount, changes);
await Task.Delay(TimeSpan.FromSeconds(5));
var rest = op.Memory();
var peak = Math.Max(peakSampler.Stop(), rest.Peak);

var rawRate = total / raw.TotalSeconds;
var convergeRate = total / converge.TotalSeconds;
var ratio = convergeRate / rawRate;
var sorted = latencies.Order().ToArray();
double Pct(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
string Verdict(bool ok) => ok ? "PASS" : "FAIL";

var report = new StringBuilder();
report.AppendLine("# Operator benchmark").AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} CPUs · .NET {Environment.Version} · load average at end {File.ReadAllText("/proc/loadavg").Trim()}").AppendLine();
report.AppendLine($"The embedded API server runs in this process (HTTP on loopback); the operator runs as its own process (`{OperatorProcess.Program}`, manager mode, no leader election, " +
    $"{workers} workers per controller) so that its memory is its own. Raw: {total} NAD objects of the same shape (config, labels, annotations) created from one KubernetesClient, 16 in flight, then deleted. " +
    $"Converge: {networks} ClusterNetworks each offered in {namespaceCount} namespaces, created 16 at a time; the time runs from the first create until all {total} NADs exist and every network reports Ready. " +
    $"Latency: {changes} changes at rest, one at a time (a network's MTU), each timed from the PATCH until all its NADs carry the new config (seen by a watch in this process).").AppendLine();
report.AppendLine("| measure | value | target | |").AppendLine("|---|---:|---:|---|");
report.AppendLine(CultureInfo.InvariantCulture, $"| raw creates | {total} in {raw.TotalSeconds:F2} s = {rawRate:F0}/s | | |");
report.AppendLine(CultureInfo.InvariantCulture, $"| converge | {total} NADs in {converge.TotalSeconds:F2} s = {convergeRate:F0}/s | | |");
report.AppendLine(CultureInfo.InvariantCulture, $"| converge rate / raw rate | **{ratio:P0}** | ≥ 50 % | {Verdict(ratio >= 0.5)} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| change → NADs updated, p50 | {Pct(0.5):F1} ms | | |");
report.AppendLine(CultureInfo.InvariantCulture, $"| change → NADs updated, p99 | **{Pct(0.99):F1} ms** (max {sorted[^1]:F1}) | ≤ 200 ms | {Verdict(Pct(0.99) <= 200)} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| operator RSS at rest (synced, empty cluster) | {idleBefore.Rss:F1} MiB | | |");
report.AppendLine(CultureInfo.InvariantCulture, $"| operator RSS at rest ({networks} networks, {total} NADs cached) | {rest.Rss:F1} MiB | | |");
report.AppendLine(CultureInfo.InvariantCulture, $"| operator RSS peak | **{peak:F1} MiB** | ≤ 80 MiB | {Verdict(peak <= 80)} |");
Console.WriteLine(report);
if (output.Length > 0)
{
    await File.WriteAllTextAsync(output, report.ToString());
    Console.Error.WriteLine($"written to {output}");
}

dir.Delete(recursive: true);
return 0;

int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string ArgText(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
