using System.Diagnostics;
using System.Text.Json.Nodes;
using Multi.Cni.Ipam;
using Multi.Core.Cni;
using Multi.Core.Ipam;
using Multi.Cni.Tests.Kube;
using Multi.Sandbox.ApiServer;

namespace Multi.Cni.Tests.Ipam;

/// <summary>
/// DEL never blocks sandbox removal (ipam-requirements section 6): with the API server unreachable it records a pending release
/// and succeeds; a later DEL of the attachment, a DEL in the same shard or GC completes it; ADD and CHECK over a pending release.
/// </summary>
public sealed class IpamPendingReleaseTests
{
    private static uint Code(JsonObject? json) => json?["code"]?.GetValue<uint>() ?? 0;

    private static string Msg(JsonObject? json) => json?["msg"]?.GetValue<string>() ?? "";

    private static string Address(JsonObject? result) => result!["ips"]![0]!["address"]!.GetValue<string>();

    private static string Name(JsonObject claim) => claim["metadata"]!["name"]!.GetValue<string>();

    private static string Uid(JsonObject claim) => claim["metadata"]!["uid"]!.GetValue<string>();

    private static string Owner(JsonObject claim) => claim["spec"]!["owner"]!["containerId"]!.GetValue<string>();

    private static IpamJournalRecord? Record(IpamCluster cluster, string containerId, string pool = "blue")
    {
        using var journal = new IpamJournal(cluster.JournalDir, TimeProvider.System, TimeSpan.FromMinutes(10));
        return journal.Read(pool, containerId, "net1");
    }

    private static int ShardOf(string containerId) => IpamJournalLog.ShardOf(IpAllocationJson.OwnerKey(containerId, "net1"));

    /// <summary>A container ID other than <paramref name="containerId"/> whose records live in the same shard (or, with <paramref name="same"/> false, in another).</summary>
    private static string Neighbour(string containerId, bool same) =>
        Enumerable.Range(0, 1000).Select(i => $"n{i}").First(c => (ShardOf(c) == ShardOf(containerId)) == same);

    /// <summary>A cluster whose API server answers 503 to every request (after the client's retries: unreachable) while <see cref="Down"/> is set.</summary>
    private sealed class Outage
    {
        public volatile bool Down;
        public int Refused;

        public ApiFault? Fault(ApiRequestInfo request)
        {
            if (!Down)
            {
                return null;
            }

            Interlocked.Increment(ref Refused);
            return ApiFault.ServiceUnavailable();
        }
    }

    private static async Task<(IpamCluster Cluster, Outage Outage)> StartAsync()
    {
        var outage = new Outage();
        var cluster = await IpamCluster.StartAsync(new EmbeddedApiServerOptions { Faults = outage.Fault });
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        return (cluster, outage);
    }

    /// <summary>ADD of c1, then its DEL while the API server is down: the claim stays, a pending release names it.</summary>
    private static async Task<JsonObject> AddThenDelDuringOutageAsync(IpamCluster cluster, Outage outage, string containerId = "c1")
    {
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: containerId);
        var claim = (await cluster.ClaimsAsync()).Single(c => Owner(c) == containerId);
        outage.Down = true;
        var (deleted, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: containerId);
        outage.Down = false;
        Assert.Equal(0, deleted.ExitCode);
        return claim;
    }

    [Fact]
    public async Task Del_ApiDown_SucceedsWithinTheBoundRecordsPendingReleasesAndKeepsTheClaims()
    {
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        await cluster.CreatePoolAsync("green", "10.2.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue", "green"));
        var claims = await cluster.ClaimsAsync();
        outage.Down = true;

        var watch = Stopwatch.StartNew();
        var (outcome, json) = await cluster.RunAsync("DEL", cluster.Config("blue", "green"));
        watch.Stop();
        var refused = outage.Refused;
        outage.Down = false;

        Assert.Equal(0, outcome.ExitCode);
        Assert.Null(json);
        Assert.Empty(outcome.Stdout);
        Assert.True(watch.Elapsed < KubeTestServer.FastPolicy.TotalTimeout, $"DEL took {watch.Elapsed}");
        Assert.InRange(refused, 1, KubeTestServer.FastPolicy.MaxAttempts); // one call; the second pool is recorded without trying
        foreach (var pool in new[] { "blue", "green" })
        {
            var claim = claims.Single(c => Name(c).StartsWith(pool + ".", StringComparison.Ordinal));
            var record = Record(cluster, "c1", pool);
            Assert.Equal((IpamJournalState.Releasing, Name(claim), Uid(claim)), (record!.State, record.Name, record.Uid));
        }

        Assert.Equal(claims.Select(Name).Order(), (await cluster.ClaimsAsync()).Select(Name).Order());
    }

    [Fact]
    public async Task Del_ApiSlowerThanTheReleaseTimeout_SucceedsWithinItAndRecordsThePendingRelease()
    {
        var slow = false;
        await using var cluster = await IpamCluster.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = r => Volatile.Read(ref slow) && r.Method == "DELETE" ? ApiFault.Delayed(TimeSpan.FromSeconds(1.5)) : null,
        });
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"));
        var claim = Assert.Single(await cluster.ClaimsAsync());
        Volatile.Write(ref slow, true);

        var watch = Stopwatch.StartNew();
        var (outcome, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), options: new IpamOptions { ReleaseTimeout = TimeSpan.FromMilliseconds(300) });
        watch.Stop();
        var record = Record(cluster, "c1");
        Volatile.Write(ref slow, false);
        var (completed, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));

        Assert.Equal((0, 0), (outcome.ExitCode, completed.ExitCode));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.2), $"DEL took {watch.Elapsed}"); // not the 1.5 s answer
        Assert.Equal((IpamJournalState.Releasing, Name(claim), Uid(claim)), (record!.State, record.Name, record.Uid));
        Assert.Empty(await cluster.ClaimsAsync());
        Assert.Null(Record(cluster, "c1"));
    }

    [Fact]
    public async Task Del_ApiServerGone_SucceedsAndRecordsThePendingRelease()
    {
        var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"));
        var claim = Assert.Single(await cluster.ClaimsAsync());
        var config = cluster.Config("blue");
        await cluster.Test.Server.DisposeAsync();

        var (outcome, _) = await cluster.RunAsync("DEL", config);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal((IpamJournalState.Releasing, Name(claim), Uid(claim)), (Record(cluster, "c1")!.State, Record(cluster, "c1")!.Name, Record(cluster, "c1")!.Uid));
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Del_AgainWithTheApiBack_CompletesThePendingReleaseWithOneDelete()
    {
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        await AddThenDelDuringOutageAsync(cluster, outage);

        var before = cluster.Requests;
        var (outcome, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(1, cluster.Requests - before);
        Assert.Empty(await cluster.ClaimsAsync());
        Assert.Null(Record(cluster, "c1"));
    }

    [Fact]
    public async Task Gc_CompletesPendingReleasesWhateverTheValidList()
    {
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        await AddThenDelDuringOutageAsync(cluster, outage);
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "kept");
        var gc = cluster.Config("blue");
        gc["cni.dev/valid-attachments"] = new JsonArray(
            new JsonObject { ["containerID"] = "c1", ["ifname"] = "net1" },
            new JsonObject { ["containerID"] = "kept", ["ifname"] = "net1" });

        var (outcome, _) = await cluster.RunAsync("GC", gc);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["kept"], (await cluster.ClaimsAsync()).Select(Owner));
        Assert.Null(Record(cluster, "c1"));
        Assert.Equal(IpamJournalState.Committed, Record(cluster, "kept")!.State);
    }

    [Fact]
    public async Task Del_OfAnotherAttachmentInTheSameShard_CompletesThePendingRelease_AnotherShardDoesNot()
    {
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        await AddThenDelDuringOutageAsync(cluster, outage);

        await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: Neighbour("c1", same: false));
        var afterOtherShard = (await cluster.ClaimsAsync()).Count;
        var stateAfterOtherShard = Record(cluster, "c1")?.State;
        var (outcome, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: Neighbour("c1", same: true));

        Assert.Equal((1, IpamJournalState.Releasing), (afterOtherShard, stateAfterOtherShard));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(await cluster.ClaimsAsync());
        Assert.Null(Record(cluster, "c1"));
    }

    [Fact]
    public async Task Completion_ApiDownAgain_KeepsThePendingRelease()
    {
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        var claim = await AddThenDelDuringOutageAsync(cluster, outage);
        var gc = cluster.Config("blue");
        gc["cni.dev/valid-attachments"] = new JsonArray();

        outage.Down = true;
        var (again, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));
        var (neighbour, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: Neighbour("c1", same: true));
        var (collected, error) = await cluster.RunAsync("GC", gc);
        outage.Down = false;

        Assert.Equal((0, 0), (again.ExitCode, neighbour.ExitCode));
        Assert.Equal(CniErrorCode.TryAgainLater, Code(error));
        Assert.NotEqual(0, collected.ExitCode);
        var record = Record(cluster, "c1");
        Assert.Equal((IpamJournalState.Releasing, Name(claim), Uid(claim)), (record!.State, record.Name, record.Uid));
        Assert.Equal([Name(claim)], (await cluster.ClaimsAsync()).Select(Name));
    }

    [Fact]
    public async Task Del_ApiDownWithAnIntentOnly_PendingWithoutName_CompletionDeletesOnlyThisAttachmentsClaims()
    {
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c1");
        var mine = (await cluster.ClaimsAsync()).Single();
        using (var journal = new IpamJournal(cluster.JournalDir, TimeProvider.System, TimeSpan.FromMinutes(10)))
        {
            journal.Write(IpamJournalRecord.Intent("blue", "c1", "net1", Name(mine))); // an ADD interrupted before its commit
        }

        // Another attachment's claim carrying c1's owner label: only the owner fields may decide.
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c2", seed: 2);
        var theirs = (await cluster.ClaimsAsync()).Single(c => Owner(c) == "c2");
        var label = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [IpAllocationJson.OwnerLabel] = IpAllocationJson.OwnerKey("c1", "net1") } } };
        await cluster.Client.PatchAsync($"{IpamCluster.Base}/ipallocations/{Name(theirs)}", "application/merge-patch+json", label, TestContext.Current.CancellationToken);

        outage.Down = true;
        var (deleted, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: "c1");
        outage.Down = false;
        var pending = Record(cluster, "c1");
        var (completed, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: "c1");

        Assert.Equal((0, 0), (deleted.ExitCode, completed.ExitCode));
        Assert.Equal((IpamJournalState.Releasing, null, null), (pending!.State, pending.Name, pending.Uid));
        Assert.Equal([Name(theirs)], (await cluster.ClaimsAsync()).Select(Name));
        Assert.Null(Record(cluster, "c1"));
    }

    [Fact]
    public async Task Add_OverAPendingRelease_CompletesItFirstThenAllocatesAfresh()
    {
        // Another DEL or GC may be completing the release at the same time: its claim must never be handed out again.
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        var claim = await AddThenDelDuringOutageAsync(cluster, outage);

        var before = cluster.Requests;
        var (added, result) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 7);
        var requests = cluster.Test.Server.Requests.Where(r => r.Sequence > before).ToList();
        var claims = await cluster.ClaimsAsync();
        var gc = cluster.Config("blue");
        gc["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "c1", ["ifname"] = "net1" });
        await cluster.RunAsync("GC", gc);

        Assert.Equal(0, added.ExitCode);
        Assert.Equal("DELETE", requests[0].Method); // the pending release first, by its recorded name
        Assert.EndsWith("/ipallocations/" + Name(claim), requests[0].Path, StringComparison.Ordinal);
        Assert.DoesNotContain(requests, r => r.Query.Contains("labelSelector", StringComparison.Ordinal)); // no list
        var fresh = Assert.Single(claims);
        Assert.NotEqual(Uid(claim), Uid(fresh)); // a claim of its own, not the one being released
        Assert.Equal(("c1", fresh["spec"]!["address"]!.GetValue<string>()), (Owner(fresh), Address(result).Split('/')[0]));
        Assert.Equal((IpamJournalState.Committed, Uid(fresh)), (Record(cluster, "c1")!.State, Record(cluster, "c1")!.Uid));
        Assert.Equal([Uid(fresh)], (await cluster.ClaimsAsync()).Select(Uid)); // GC leaves it
    }

    [Fact]
    public async Task Check_OverAPendingRelease_FailsNamingPoolAndAttachment()
    {
        var (cluster, outage) = await StartAsync();
        await using var _ = cluster;
        var claim = await AddThenDelDuringOutageAsync(cluster, outage);
        var config = cluster.Config("blue");
        config["prevResult"] = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["ips"] = new JsonArray(new JsonObject { ["address"] = claim["spec"]!["address"]!.GetValue<string>() + "/24" }),
        };

        var (outcome, error) = await cluster.RunAsync("CHECK", config);

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Equal(CniErrorCode.AllocationMissing, Code(error));
        Assert.Contains("pool blue", Msg(error), StringComparison.Ordinal);
        Assert.Contains("container c1 interface net1 is being released", Msg(error), StringComparison.Ordinal);
    }
}
