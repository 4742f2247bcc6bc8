using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Cni.Tests.Ipam;

/// <summary>
/// Issue #4 acceptance: 16 in-process allocators and 16 multi-ipam processes on one pool at the same time, over 1000
/// allocations and releases, with injected 409 Conflicts and slow answers, and allocators cancelled or killed mid-ADD.
/// </summary>
public sealed class IpamConcurrencyTests(ITestOutputHelper output)
{
    private const string Pool = "race";
    private const int Allocators = 16;
    private const int Capacity = 61; // 10.20.0.0/26 minus network, broadcast and gateway

    [Fact]
    public async Task ConcurrentAllocators_ThreadsAndProcesses_NoDuplicatesNoOrphansAndEveryAddressReusable()
    {
        var processes = IpamProcess.Exists;
        if (!processes)
        {
            output.WriteLine($"SKIPPED the process half: {IpamProcess.Binary} is missing (publish_cni in scripts/lib/prereqs.sh produces it)");
        }

        var faults = new ConcurrentDictionary<string, int>();
        await using var cluster = await IpamCluster.StartAsync(new EmbeddedApiServerOptions { Faults = r => Fault(r, faults) });
        await cluster.CreatePoolAsync(Pool, "10.20.0.0/26", s => s["gateway"] = "10.20.0.1");
        var run = new RaceState(cluster);
        var clock = Stopwatch.StartNew();

        var threadCycles = processes ? 48 : 75;
        var workers = Enumerable.Range(0, Allocators).Select(w => Task.Run(() => ThreadWorkerAsync(run, w, threadCycles)));
        if (processes)
        {
            workers = workers.Concat(Enumerable.Range(0, Allocators).Select(w => Task.Run(() => ProcessWorkerAsync(run, w, 30))));
        }

        await Task.WhenAll(workers);
        var raceTime = clock.Elapsed;

        Assert.Empty(run.Violations);
        Assert.True(run.Allocations >= 1000, $"only {run.Allocations} allocations");
        var leftovers = await cluster.ClaimsAsync(Pool);
        var orphans = leftovers.Select(c => c["spec"]!["owner"]!["containerId"]!.GetValue<string>()).ToList();
        Assert.All(orphans, id => Assert.Contains(id, run.Killed));

        // GC (nothing is valid any more on either node) removes the killed allocators' claims.
        var gc = cluster.Config(Pool);
        gc["cni.dev/valid-attachments"] = new JsonArray();
        foreach (var node in new[] { "node-t", "node-p" })
        {
            var (outcome, _) = await cluster.RunAsync("GC", gc, node: node, clock: new ShiftedClock(TimeSpan.FromMinutes(5)));
            Assert.Equal(0, outcome.ExitCode);
        }

        Assert.Empty(await cluster.ClaimsAsync(Pool));

        // Every address is free again: the whole capacity can be allocated, and not one more.
        var addresses = new HashSet<string>();
        for (var i = 0; i < Capacity; i++)
        {
            var (outcome, json) = await cluster.RunAsync("ADD", cluster.Config(Pool), containerId: $"refill{i}", seed: i);
            Assert.True(outcome.ExitCode == 0, outcome.Stdout);
            Assert.True(addresses.Add(json!["ips"]![0]!["address"]!.GetValue<string>()));
        }

        var (_, full) = await cluster.RunAsync("ADD", cluster.Config(Pool), containerId: "one-more");
        Assert.Equal(CniErrorCode.PoolExhausted, full!["code"]!.GetValue<uint>());

        output.WriteLine($"race: {run.Allocations} allocations + releases ({run.ProcessAllocations} by processes), {run.Killed.Count} allocators cancelled/killed ({orphans.Count} left a claim for GC), " +
            $"{faults.GetValueOrDefault("conflict")} injected 409s, {faults.GetValueOrDefault("delay")} delayed answers, {cluster.Test.Server.RequestCount} API requests, {raceTime.TotalSeconds:0.0} s");
    }

    /// <summary>About 4 % of claim creations get a 409 Conflict, about 10 % of claim requests wait 1–8 ms.</summary>
    private static ApiFault? Fault(ApiRequestInfo request, ConcurrentDictionary<string, int> counts)
    {
        if (!request.Path.Contains("/ipallocations", StringComparison.Ordinal))
        {
            return null;
        }

        var roll = Random.Shared.NextDouble();
        if (request.Method == "POST" && roll < 0.04)
        {
            counts.AddOrUpdate("conflict", 1, (_, n) => n + 1);
            return ApiFault.Status(409, "Conflict", "injected: the object has been modified");
        }

        if (roll > 0.90)
        {
            counts.AddOrUpdate("delay", 1, (_, n) => n + 1);
            return ApiFault.Delayed(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 9)));
        }

        return null;
    }

    private static async Task ThreadWorkerAsync(RaceState run, int worker, int cycles)
    {
        var config = run.Cluster.Config(Pool);
        for (var i = 0; i < cycles; i++)
        {
            var id = $"t{worker}-{i}";
            var cancel = i % 10 == 9;
            using var cts = new CancellationTokenSource();
            if (cancel)
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 40)));
            }

            var (outcome, json) = await run.Cluster.RunAsync("ADD", config, containerId: id, node: "node-t", cniArgs: IpamCluster.PodArgs(id, id), seed: worker * 1000 + i, cancel: cancel ? cts : null);
            if (cancel && outcome.ExitCode != 0)
            {
                run.Killed.Add(id); // Cancelled between choosing and committing: no DEL follows, GC must clean up.
                continue;
            }

            await run.HoldAndReleaseAsync(id, outcome.ExitCode, outcome.Stdout, json, process: false,
                () => run.Cluster.RunAsync("DEL", config, containerId: id, node: "node-t").ContinueWith(t => (t.Result.Outcome.ExitCode, t.Result.Outcome.Stdout), TaskScheduler.Default));
        }
    }

    private static async Task ProcessWorkerAsync(RaceState run, int worker, int cycles)
    {
        var config = run.Cluster.Config(Pool);
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < cycles; i++)
        {
            var id = $"p{worker}-{i}";
            if (i % 8 == 7)
            {
                await IpamProcess.RunAsync("ADD", config, id, "node-p", IpamCluster.PodArgs(id, id), TimeSpan.FromMilliseconds(Random.Shared.Next(5, 120)), ct);
                run.Killed.Add(id); // Killed mid-ADD: whatever it created is for GC.
                continue;
            }

            var (exit, stdout) = await IpamProcess.RunAsync("ADD", config, id, "node-p", IpamCluster.PodArgs(id, id), ct: ct);
            await run.HoldAndReleaseAsync(id, exit, stdout, exit == 0 ? JsonNode.Parse(stdout)!.AsObject() : null, process: true,
                () => IpamProcess.RunAsync("DEL", config, id, "node-p", ct: ct));
        }
    }

    private sealed class RaceState(IpamCluster cluster)
    {
        private int allocations;
        private int processAllocations;

        public IpamCluster Cluster => cluster;

        public ConcurrentDictionary<string, string> Live { get; } = new();

        public ConcurrentBag<string> Killed { get; } = [];

        public ConcurrentQueue<string> Violations { get; } = new();

        public int Allocations => Volatile.Read(ref allocations);

        public int ProcessAllocations => Volatile.Read(ref processAllocations);

        /// <summary>
        /// A successful ADD's address must be held by nobody else who got it from a successful ADD, and its claim must exist
        /// and be owned by this allocator; then the allocator lets go of it and releases it.
        /// </summary>
        public async Task HoldAndReleaseAsync(string id, int exit, string stdout, JsonObject? result, bool process, Func<Task<(int ExitCode, string Stdout)>> release)
        {
            if (exit != 0)
            {
                Violations.Enqueue($"ADD {id} failed: {stdout}");
                return;
            }

            var address = result!["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0];
            if (!Live.TryAdd(address, id))
            {
                Violations.Enqueue($"DUPLICATE: {address} returned to {id} while {Live.GetValueOrDefault(address)} holds it");
            }

            var claim = await cluster.Client.GetAsync($"{IpamCluster.Base}/ipallocations/{Pool}.{address}", TestContext.Current.CancellationToken);
            if (claim["spec"]!["owner"]!["containerId"]!.GetValue<string>() is var owner && owner != id)
            {
                Violations.Enqueue($"claim of {address} returned to {id} is owned by {owner}");
            }

            Interlocked.Increment(ref allocations);
            if (process)
            {
                Interlocked.Increment(ref processAllocations);
            }

            Live.TryRemove(address, out _);
            var (delExit, delStdout) = await release();
            if (delExit != 0)
            {
                Violations.Enqueue($"DEL {id} failed: {delStdout}");
            }
        }
    }
}
