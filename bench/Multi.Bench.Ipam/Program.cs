using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Bench.Ipam;
using Multi.Cni.Ipam;
using Multi.Cni.Kube;
using Multi.Core.Cni;
using Multi.Sandbox.ApiServer;

// IPAM benchmark (issue #4): 16 concurrent multi-ipam ADDs on one pool against the embedded API server, next to 16
// concurrent creators of plain objects of the same kind on the same server. Usage:
//   dotnet run -c Release --project bench/Multi.Bench.Ipam -- [--allocators 16] [--ops 100] [--rounds 5] [--prefill 1000] [--out bench/results] [--journal-dir DIR]
// (--ops: operations per allocator and round)
// (--journal-dir: where the node's journal lives, default the run's temporary directory; for diagnosing the journal's cost)
// (--plugin-only N: only the plugin's own cost, over N attachments, printed; no server load; for profiling the plugin's path)
// (--allocations, with --plugin-only: also the types its bytes go to, from the runtime's allocation ticks)
// (--no-daemon: skip the phases through the node daemon, which run the node agent as a process of its own)
// (--reserve N: the daemon keeps a stock of N node-reserved claims per pool, 16–64; ADD binds one with a PATCH when it can)
var allocators = Arg("--allocators", 16);
var ops = Arg("--ops", 100);
var rounds = Arg("--rounds", 5);
var prefill = Arg("--prefill", 1000);
var outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("bench", "results");
const string Base = "/apis/multi.dev/v1alpha1";
var ct = CancellationToken.None;
var policy = new KubeRetryPolicy();

// Every exception thrown in the process (server and clients), counted per phase on stderr: a throw costs tens of µs.
var firstChanceExceptions = 0L;
AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref firstChanceExceptions);

await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions());
await server.StartAsync(ct);
var dir = Directory.CreateTempSubdirectory("ipam-bench");
var kubeconfig = Path.Combine(dir.FullName, "kubeconfig");
server.WriteKubeconfig(kubeconfig);

// The node's journal, set up before the first ADD as node setup does (docs/ipam.md); all allocators are on this one node.
var journalDir = args.SkipWhile(a => a != "--journal-dir").Skip(1).FirstOrDefault() is { } given ? Path.Combine(given, $"ipam-bench-journal-{Environment.ProcessId}") : Path.Combine(dir.FullName, "journal");
IpamJournal.Initialize(journalDir);
var journalAppend = JournalCost.Append(Path.Combine(journalDir, "probe"));
var recordWrite = JournalCost.RecordFile(Path.Combine(journalDir, "probe"));
Directory.Delete(Path.Combine(journalDir, "probe"), recursive: true);
using var admin = KubeApiClient.Create(kubeconfig, policy, TimeProvider.System);
foreach (var (plural, kind) in new[] { ("ippools", "IPPool"), ("ipallocations", "IPAllocation"), ("plainobjects", "PlainObject") })
{
    await admin.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd(plural, kind), ct);
}

await admin.CreateAsync($"{Base}/ippools", new JsonObject
{
    ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = "bench" },
    ["spec"] = new JsonObject { ["cidr"] = "10.64.0.0/16", ["gateway"] = "10.64.0.1" },
}, ct);

// The plugin's own cost per ADD and DEL (one allocator, sequential, API answered from memory), before the server is busy.
var poolObject = await admin.GetAsync($"{Base}/ippools/bench", ct);
using var sampler = args.Contains("--allocations") ? new AllocationSampler() : null;
var pluginOnly = await PluginOnlyCost(new InMemoryKube(poolObject), Arg("--plugin-only", 2000));
if (args.Contains("--plugin-only"))
{
    foreach (var line in sampler?.Top(25) ?? [])
    {
        Console.WriteLine(line);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plugin only: ADD {pluginOnly.AddUs:0} µs and {pluginOnly.AddKiB:0.0} KiB allocated, DEL {pluginOnly.DelUs:0} µs and {pluginOnly.DelKiB:0.0} KiB"));
    return 0;
}


var clients = Enumerable.Range(0, allocators).Select(_ => KubeApiClient.Create(kubeconfig, policy, TimeProvider.System)).ToArray();

// Occupancy before measuring: the pool already holds `prefill` claims of attachments on other nodes (their own journal).
var prefillConfig = Config(Path.Combine(dir.FullName, "other-nodes-journal"));
for (var i = 0; i < prefill; i++)
{
    await Plugin(new WorkerKube(admin), $"prefill{i}", $"other-node-{i % 10}").RunAsync(Env("ADD", $"prefill{i}"), prefillConfig, ct);
}

// The node agent's daemon, once the pool and the other nodes' claims exist (its informers list them before it serves; it also
// watches NADs, so their CRD is applied as the deployment does).
if (!args.Contains("--no-daemon"))
{
    await admin.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", (JsonObject)JsonNode.Parse(k8s.KubernetesJson.Serialize(
        k8s.KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(Multi.Sandbox.Host.RepoLayout.Root, "crds", "k8s.cni.cncf.io_network-attachment-definitions.yaml"), ct))))!, ct);
}

var reserve = Arg("--reserve", 0);
await using var daemon = args.Contains("--no-daemon") ? null : await DaemonIpam.StartAsync(kubeconfig, dir.FullName, "bench-node", reserve);

// Warm-up of both paths, then rounds of raw creates, ADDs and DELs alternating, so that both paths run on the same warm
// process and the machine's other load hits them alike; rates and percentiles are over all rounds.
await Phase("raw-warmup", 20, (w, i) => RawCreateAsync(admin, $"warm-{w}-{i}"));
var config = Config(journalDir);
await Phase("ipam-warmup", 10, (w, i) => Add(w, $"warm-{w}-{i}"));
if (daemon is not null)
{
    await Phase("daemon-warmup", 10, (w, i) => daemon.RunAsync(Env("ADD", $"dwarm-{w}-{i}"), config, ct));
    await Phase("daemon-warmup DEL", 10, (w, i) => daemon.RunAsync(Env("DEL", $"dwarm-{w}-{i}"), config, ct));
}
var rawRounds = new List<LatencySummary>();
var addRounds = new List<LatencySummary>();
var delRounds = new List<LatencySummary>();
var addRequestCount = 0L;
var delRequestCount = 0L;
var addKinds = new List<string>();
var delKinds = new List<string>();
var daemonAddRounds = new List<LatencySummary>();
var daemonDelRounds = new List<LatencySummary>();
var daemonAddRequestCount = 0L;
for (var round = 0; round < rounds; round++)
{
    var r = round;
    rawRounds.Add(await Phase("raw create", ops, (w, i) => RawCreateAsync(clients[w], $"raw-{r}-{w}-{i}")));

    // Unmeasured: the raw objects go again, so that the server's store and the process's heap are the same in every round
    // (left in place they pile up, and every later round's garbage collections cost more, the ADDs' most).
    await Phase("raw cleanup", ops, (w, i) => clients[w].DeleteAsync($"{Base}/plainobjects/raw.raw-{r}-{w}-{i}", null, null, ct));
    var beforeAdd = server.RequestCount;
    addRounds.Add(await Phase("multi-ipam ADD", ops, (w, i) => Add(w, $"a-{r}-{w}-{i}")));
    addRequestCount += server.RequestCount - beforeAdd;
    addKinds.AddRange(Kinds(beforeAdd, server.RequestCount));
    var beforeDel = server.RequestCount;
    delRounds.Add(await Phase("multi-ipam DEL", ops, (w, i) => Run(w, "DEL", $"a-{r}-{w}-{i}")));
    delRequestCount += server.RequestCount - beforeDel;
    delKinds.AddRange(Kinds(beforeDel, server.RequestCount));
    if (daemon is not null)
    {
        var beforeDaemon = server.RequestCount;
        daemonAddRounds.Add(await Phase("daemon ADD", ops, (w, i) => daemon.RunAsync(Env("ADD", $"d-{r}-{w}-{i}"), config, ct)));
        daemonAddRequestCount += server.RequestCount - beforeDaemon;
        daemonDelRounds.Add(await Phase("daemon DEL", ops, (w, i) => daemon.RunAsync(Env("DEL", $"d-{r}-{w}-{i}"), config, ct)));
    }
}

var raw = LatencySummary.Pool("raw create", rawRounds);
var add = LatencySummary.Pool("multi-ipam ADD", addRounds);
var del = LatencySummary.Pool("multi-ipam DEL", delRounds);
var daemonAdd = daemon is null ? null : LatencySummary.Pool("multi-ipam ADD through the daemon", daemonAddRounds);
var daemonDel = daemon is null ? null : LatencySummary.Pool("multi-ipam DEL through the daemon", daemonDelRounds);
var daemonRss = daemon?.RssMiB();
var addRequests = (double)addRequestCount / add.Count;
var delRequests = (double)delRequestCount / del.Count;
var addBreakdown = Breakdown(addKinds, add.Count);
var delBreakdown = Breakdown(delKinds, del.Count);
var ratio = add.PerSecond / raw.PerSecond;
var roundRatios = string.Join(", ", addRounds.Zip(rawRounds, (a, w) => string.Create(CultureInfo.InvariantCulture, $"{a.PerSecond / w.PerSecond:P0}")));
var claims = (await admin.GetAsync($"{Base}/ipallocations?labelSelector=multi.dev%2Fpool%3Dbench", ct))["items"]!.AsArray().Count;

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
var command = $"dotnet run -c Release --project bench/Multi.Bench.Ipam -- --allocators {allocators} --ops {ops} --rounds {rounds} --prefill {prefill}{(reserve > 0 ? $" --reserve {reserve}" : "")}";
var md = new StringBuilder();
md.AppendLine("# multi-ipam benchmark").AppendLine()
  .AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} CPUs · .NET {Environment.Version} · load average at end {load}").AppendLine()
  .AppendLine("The machine has 2 cores and other builds and tests may have run at the same time; numbers are indicative.")
  .AppendLine(CultureInfo.InvariantCulture, $"Embedded API server (in-process, HTTP on loopback, label index for selector lists), one pool `10.64.0.0/16` {(prefill == 0 ? "without claims" : $"already holding {prefill} claims of attachments on 10 other nodes")}. {allocators} concurrent allocators on one node, each with one long-lived API client and the node's journal (set up before the first ADD); each ADD is a new attachment (`multi-ipam` in-process), each DEL releases one of them. Raw: {allocators} concurrent creators POSTing objects of the same shape and size as a claim, with fixed names, to a separate custom resource (one request each), written and read back as multi-ipam writes a claim and reads the answer (Utf8JsonWriter, the answer's metadata only). After a warm-up of both (which leaves {allocators * 10} more claims), {rounds} rounds each run {ops} raw creates (deleted again afterwards, unmeasured, so every round starts from the same store), then {ops} ADDs, then {ops} DELs per allocator; the table pools the rounds (operations over summed wall time, nearest-rank percentiles over all latencies). CPU ms/op is the process's CPU time (server and clients) per operation.").AppendLine()
  .AppendLine("| phase | ops | wall (s) | ops/s | p50 (ms) | p99 (ms) | max (ms) | CPU ms/op |").AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var s in new[] { raw, add, del, daemonAdd, daemonDel }.OfType<LatencySummary>())
{
    md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Count} | {s.Seconds:0.00} | {s.PerSecond:0.0} | {s.P50Ms:0.00} | {s.P99Ms:0.00} | {s.MaxMs:0.00} | {s.CpuMsPerOp:0.000} |");
}

md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Allocation rate / raw create rate: **{ratio:P0}** (target ≥ 50 %: {(ratio >= 0.5 ? "PASS" : "FAIL")}; per round: {roundRatios}). ADD p99: **{add.P99Ms:0.00} ms** (target ≤ 50 ms: {(add.P99Ms <= 50 ? "PASS" : "FAIL")}). CPU time per ADD / per raw create (process-wide, server included): {add.CpuMsPerOp / raw.CpuMsPerOp:0.00}. Claims left after the DELs: {claims} (the {prefill} prefilled). API requests per ADD: {addRequests:0.00} ({addBreakdown}), per DEL: {delRequests:0.00} ({delBreakdown}).")
  .AppendLine().AppendLine(daemonAdd is null ? "Through the daemon: not run (--no-daemon)." : string.Create(CultureInfo.InvariantCulture, $"Through the node daemon (the node agent as a process of its own, agent mode with only the daemon on, informers on this server; each request one connection to its socket as the shim forwards it, {allocators} at once): ADD rate / raw create rate **{daemonAdd.PerSecond / raw.PerSecond:P0}** (target ≥ 90 %: {(daemonAdd.PerSecond / raw.PerSecond >= 0.9 ? "PASS" : "FAIL")}; per round: {string.Join(", ", daemonAddRounds.Zip(rawRounds, (a, w) => string.Create(CultureInfo.InvariantCulture, $"{a.PerSecond / w.PerSecond:P0}")))}), ADD p99 **{daemonAdd.P99Ms:0.00} ms** (target ≤ 10 ms: {(daemonAdd.P99Ms <= 10 ? "PASS" : "FAIL")}); API requests per ADD {(double)daemonAddRequestCount / daemonAdd.Count:0.00}; the daemon's resident memory at the end {daemonRss:0.0} MiB. CPU ms/op of the daemon rows counts this process only (server and clients), not the daemon's."))
  .AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The plugin's own work (one allocator, sequential, the API answered from memory, median of 2000): ADD {pluginOnly.AddUs:0} µs and {pluginOnly.AddKiB:0.0} KiB allocated, DEL {pluginOnly.DelUs:0} µs and {pluginOnly.DelKiB:0.0} KiB.")
  .AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Journal cost in the journal's directory (median of 200): one append to the node's log {journalAppend:0.000} ms (an ADD appends two records, a DEL one; not fsynced, docs/ipam.md). For comparison, a record as a file of its own: writing it (temporary file + rename) {recordWrite.Write:0.000} ms, removing it {recordWrite.Remove:0.000} ms.");
Directory.CreateDirectory(outDir);
var stem = prefill == 1000 ? "ipam" : $"ipam-prefill{prefill}";
await File.WriteAllTextAsync(Path.Combine(outDir, stem + ".md"), md.ToString(), ct);
var json = new JsonObject
{
    ["command"] = command, ["date"] = DateTime.UtcNow.ToString("O"), ["cpus"] = Environment.ProcessorCount, ["loadavg"] = load,
    ["allocators"] = allocators, ["ops"] = ops, ["rounds"] = rounds, ["prefill"] = prefill, ["ratio"] = ratio,
    ["requestsPerAdd"] = addRequests, ["requestsPerDel"] = delRequests, ["pluginOnlyAddUs"] = pluginOnly.AddUs, ["pluginOnlyDelUs"] = pluginOnly.DelUs, ["pluginOnlyAddKiB"] = pluginOnly.AddKiB, ["pluginOnlyDelKiB"] = pluginOnly.DelKiB, ["journalAppendMs"] = journalAppend, ["recordFileWriteMs"] = recordWrite.Write, ["recordFileRemoveMs"] = recordWrite.Remove,
    ["daemonRatio"] = daemonAdd is null ? null : daemonAdd.PerSecond / raw.PerSecond, ["daemonRssMiB"] = daemonRss,
    ["phases"] = new JsonArray(new[] { raw, add, del, daemonAdd, daemonDel }.OfType<LatencySummary>().Select(s => (JsonNode)new JsonObject
    {
        ["name"] = s.Name, ["count"] = s.Count, ["seconds"] = s.Seconds, ["perSecond"] = s.PerSecond, ["p50Ms"] = s.P50Ms, ["p99Ms"] = s.P99Ms, ["maxMs"] = s.MaxMs, ["cpuMsPerOp"] = s.CpuMsPerOp,
    }).ToArray()),
};
await File.WriteAllTextAsync(Path.Combine(outDir, stem + ".json"), json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), ct);
Console.Write(md);
foreach (var c in clients)
{
    c.Dispose();
}

dir.Delete(recursive: true);
if (Directory.Exists(journalDir))
{
    Directory.Delete(journalDir, recursive: true);
}
return 0;

async Task Add(int w, string id)
{
    var outcome = await Plugin(new WorkerKube(clients[w]), id).RunAsync(Env("ADD", id), config, ct);
    if (outcome.ExitCode != 0)
    {
        throw new InvalidOperationException($"ADD {id}: {outcome.Stdout}");
    }
}

async Task Run(int w, string command, string id)
{
    var outcome = await Plugin(new WorkerKube(clients[w]), id).RunAsync(Env(command, id), config, ct);
    if (outcome.ExitCode != 0)
    {
        throw new InvalidOperationException($"{command} {id}: {outcome.Stdout}");
    }
}

async Task<LatencySummary> Phase(string name, int perWorker, Func<int, int, Task> op)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var allocated = GC.GetTotalAllocatedBytes(precise: false);
    var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    var workItems = ThreadPool.CompletedWorkItemCount;
    var exceptions = Interlocked.Read(ref firstChanceExceptions);
    var phaseStart = Stopwatch.GetTimestamp();
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, allocators).Select(w => Task.Run(async () =>
    {
        for (var i = 0; i < perWorker; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await op(w, i);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    })));
    wall.Stop();
    Console.Error.WriteLine($"{name}: {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1024.0 / (allocators * perWorker):0.0} KiB allocated per operation; collections gen0 {GC.CollectionCount(0) - gen0} gen1 {GC.CollectionCount(1) - gen1} gen2 {GC.CollectionCount(2) - gen2}, paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms of {wall.Elapsed.TotalMilliseconds:0} ms; thread-pool work items {(double)(ThreadPool.CompletedWorkItemCount - workItems) / (allocators * perWorker):0.0} per operation, {ThreadPool.ThreadCount} threads; exceptions thrown {(double)(Interlocked.Read(ref firstChanceExceptions) - exceptions) / (allocators * perWorker):0.000} per operation (server and clients); monotonic ns {phaseStart} {Stopwatch.GetTimestamp()}");
    return LatencySummary.Of(name, latencies, wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
}

// An unseeded Random per invocation, as Program.cs makes for the binary (seeded from the operating system's entropy).
IpamPlugin Plugin(IKubeApiFactory kube, string containerId, string node = "bench-node") =>
    new(kube, TimeProvider.System, new Random(), node, TextWriter.Null);

CniEnvironment Env(string command, string id) => new(command, id, command == "DEL" ? null : "/var/run/netns/b", "net1", $"K8S_POD_NAMESPACE=bench;K8S_POD_NAME={id};K8S_POD_UID=uid-{id}", "/opt/cni/bin");

byte[] Config(string journal) => Encoding.UTF8.GetBytes(new JsonObject
{
    ["cniVersion"] = "1.1.0", ["name"] = "bench", ["type"] = "macvlan",
    ["ipam"] = new JsonObject { ["type"] = "multi-ipam", ["pool"] = "bench", ["kubeconfig"] = kubeconfig, ["journalDir"] = journal },
}.ToJsonString());

// A raw create: an object of the same shape and size as an IPAllocation, in its own resource (so it never inflates the claim
// lists), sent and answered the way multi-ipam sends a claim (body written with Utf8JsonWriter, only the answer's metadata
// read), so that the two differ by the plugin's work and not by the client's: the server's plain create cost.
async Task RawCreateAsync(KubeApiClient client, string name)
{
    var answer = await client.CreateUtf8IfAbsentAsync($"{Base}/plainobjects", PlainUtf8(name), ct);
    if (answer.Created is null || PlainUid(answer.Created) is not { Length: > 0 })
    {
        throw new InvalidOperationException($"raw create of {name}: no UID in the answer");
    }
}

static byte[] PlainUtf8(string name)
{
    var buffer = new System.Buffers.ArrayBufferWriter<byte>(768);
    using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, "multi.dev/v1alpha1"u8);
        writer.WriteString("kind"u8, "PlainObject"u8);
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("name"u8, $"raw.{name}");
        writer.WriteStartObject("labels"u8);
        writer.WriteString("multi.dev/pool"u8, "raw"u8);
        writer.WriteString("multi.dev/owner"u8, new string('0', 40));
        writer.WriteString("multi.dev/node"u8, "bench-node"u8);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("spec"u8);
        writer.WriteString("pool"u8, "raw"u8);
        writer.WriteString("address"u8, "10.0.0.1"u8);
        writer.WriteStartObject("owner"u8);
        writer.WriteString("podNamespace"u8, "bench"u8);
        writer.WriteString("podName"u8, name);
        writer.WriteString("podUid"u8, $"uid-{name}");
        writer.WriteString("containerId"u8, name);
        writer.WriteString("interface"u8, "net1"u8);
        writer.WriteString("node"u8, "bench-node"u8);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    return buffer.WrittenSpan.ToArray();
}

// metadata.uid of a created object, the rest of the answer checked to be well-formed (as multi-ipam reads a claim's answer).
static string? PlainUid(ReadOnlySpan<byte> answer)
{
    string? uid = null;
    var reader = new System.Text.Json.Utf8JsonReader(answer);
    reader.Read();
    while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
    {
        var isMetadata = reader.ValueTextEquals("metadata"u8);
        reader.Read();
        if (!isMetadata)
        {
            reader.Skip();
            continue;
        }

        while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
        {
            var isUid = reader.ValueTextEquals("uid"u8);
            reader.Read();
            if (isUid && reader.TokenType == System.Text.Json.JsonTokenType.String)
            {
                uid = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    return uid;
}

static JsonObject Crd(string plural, string kind) => new()
{
    ["apiVersion"] = "apiextensions.k8s.io/v1", ["kind"] = "CustomResourceDefinition",
    ["metadata"] = new JsonObject { ["name"] = $"{plural}.multi.dev" },
    ["spec"] = new JsonObject
    {
        ["group"] = "multi.dev", ["scope"] = "Cluster",
        ["names"] = new JsonObject { ["plural"] = plural, ["singular"] = plural.TrimEnd('s'), ["kind"] = kind, ["listKind"] = kind + "List" },
        ["versions"] = new JsonArray(new JsonObject { ["name"] = "v1alpha1", ["served"] = true, ["storage"] = true, ["schema"] = new JsonObject { ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } } }),
    },
};

// Median CPU-free wall time of the plugin alone per ADD and per DEL over `count` attachments (after as many warm-up ones).
async Task<(double AddUs, double DelUs, double AddKiB, double DelKiB)> PluginOnlyCost(InMemoryKube kube, int count)
{
    var memoryConfig = Config(Path.Combine(dir.FullName, "plugin-only-journal"));
    IpamJournal.Initialize(Path.Combine(dir.FullName, "plugin-only-journal"));
    var adds = new List<double>();
    var dels = new List<double>();
    var addBytes = new List<double>();
    var delBytes = new List<double>();
    for (var i = 0; i < 2 * count; i++)
    {
        // The in-memory API completes synchronously, so each verb runs on this thread from start to end.
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        var added = await Plugin(kube, $"p{i}").RunAsync(Env("ADD", $"p{i}"), memoryConfig, ct);
        var addTime = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        var addAllocated = GC.GetAllocatedBytesForCurrentThread() - bytes;
        bytes = GC.GetAllocatedBytesForCurrentThread();
        start = Stopwatch.GetTimestamp();
        var deleted = await Plugin(kube, $"p{i}").RunAsync(Env("DEL", $"p{i}"), memoryConfig, ct);
        var delTime = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        var delAllocated = GC.GetAllocatedBytesForCurrentThread() - bytes;
        if (added.ExitCode != 0 || deleted.ExitCode != 0)
        {
            throw new InvalidOperationException($"plugin-only ADD/DEL p{i}: {added.Stdout} {deleted.Stdout}");
        }

        if (i >= count)
        {
            adds.Add(addTime);
            dels.Add(delTime);
            addBytes.Add(addAllocated / 1024.0);
            delBytes.Add(delAllocated / 1024.0);
        }
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    return (Median(adds), Median(dels), Median(addBytes), Median(delBytes));
}

// The kinds of the requests with sequence numbers in (from, to], read right after a phase (the server keeps the latest 10,000).
List<string> Kinds(long from, long to)
{
    var kinds = server.Requests.Where(r => r.Sequence > from && r.Sequence <= to).Select(r => RequestKind(r.Method, r.Path)).ToList();
    return kinds.Count == to - from ? kinds : throw new InvalidOperationException($"the server's request log no longer holds requests {from + 1}..{to}");
}

// Requests per operation by kind: "POST ipallocations 1.010, ...".
static string Breakdown(List<string> kinds, int operations) => string.Join(", ", kinds
    .GroupBy(k => k)
    .OrderByDescending(g => g.Count())
    .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {(double)g.Count() / operations:0.000}")));

// "GET ippools", "GET ipallocations list", "POST ipallocations", "DELETE ipallocations" for /api/v1/... and /apis/<group>/<version>/... paths.
static string RequestKind(string method, string path)
{
    var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    var at = segments[0] == "api" ? 2 : 3;
    var resource = segments.Length > at ? segments[at] : path;
    return method == "GET" && segments.Length == at + 1 ? $"LIST {resource}" : $"{method} {resource}";
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
