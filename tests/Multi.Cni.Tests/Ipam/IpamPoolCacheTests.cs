using System.Text.Json.Nodes;
using Multi.Cni.Ipam;
using Multi.Core.Cni;

namespace Multi.Cni.Tests.Ipam;

/// <summary>Pools (and node labels) reused from the journal for <c>poolCacheSeconds</c>, and pools restricted to nodes by label.</summary>
public sealed class IpamPoolCacheTests
{
    private static string Address(JsonObject? result) => result!["ips"]![0]!["address"]!.GetValue<string>();

    private static string? Gateway(JsonObject? result) => result!["ips"]![0]!["gateway"]?.GetValue<string>();

    private static uint Code(JsonObject? error) => error!["code"]!.GetValue<uint>();

    private static string Msg(JsonObject? error) => error!["msg"]!.GetValue<string>();

    private static JsonObject WithCache(JsonObject config, JsonNode seconds)
    {
        config["ipam"]!["poolCacheSeconds"] = seconds;
        return config;
    }

    [Fact]
    public async Task Add_WithinTtl_OnlyTheFirstAddReadsThePool()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var counts = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            // Seeds that pick distinct addresses, so no create collides (a collision would add a request).
            var before = cluster.Requests;
            var (outcome, _) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: $"c{i}", seed: i);
            Assert.Equal(0, outcome.ExitCode);
            counts.Add(cluster.Requests - before);
        }

        Assert.Equal([2, 1, 1], counts);
        Assert.Equal(3, (await cluster.ClaimsAsync()).Count);
    }

    [Fact]
    public async Task Add_WithinTtl_TheCopyGivesTheSameRoutesDnsAndGatewayAsThePool()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24", spec =>
        {
            spec["gateway"] = "10.1.0.1";
            spec["ranges"] = new JsonArray(new JsonObject { ["start"] = "10.1.0.10", ["end"] = "10.1.0.20" });
            spec["exclude"] = new JsonArray("10.1.0.12/31");
            spec["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0", ["gw"] = "10.1.0.1" }, new JsonObject { ["dst"] = "10.9.0.0/16" });
            spec["dns"] = new JsonObject { ["nameservers"] = new JsonArray("10.1.0.53"), ["domain"] = "example.org", ["search"] = new JsonArray("example.org") };
        });

        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c1", seed: 1);
        var before = cluster.Requests;
        var (_, second) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c2", seed: 2);

        Assert.Equal(1, cluster.Requests - before);
        Assert.Equal(first!["routes"]!.ToJsonString(), second!["routes"]!.ToJsonString());
        Assert.Equal(first["dns"]!.ToJsonString(), second["dns"]!.ToJsonString());
        Assert.Equal("10.1.0.1", Gateway(second));
        Assert.Contains("\"10.9.0.0/16\"", second["routes"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.All([Address(first), Address(second)], a => Assert.Matches(@"^10\.1\.0\.(1[014-9]|20)/24$", a));
    }

    [Fact]
    public async Task Add_CopyThatDoesNotRead_ReadsThePoolAgainAndReplacesTheCopy()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        using (var journal = new IpamJournal(cluster.JournalDir, TimeProvider.System, TimeSpan.FromMinutes(1)))
        {
            // A copy that is not in the copy's format (here the API object's spec, naming another CIDR): never used.
            journal.Cache(IpamPoolCopy.KeyPrefix + "blue", DateTimeOffset.UtcNow, new JsonObject { ["spec"] = new JsonObject { ["cidr"] = "10.9.0.0/24" } });
        }

        var before = cluster.Requests;
        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c1", seed: 1);
        var reads = cluster.Requests - before;
        before = cluster.Requests;
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c2", seed: 2);

        Assert.Equal((2, 1L), (reads, cluster.Requests - before));
        Assert.StartsWith("10.1.0.", Address(first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_AfterTtlOrWithCacheOff_ReadsThePoolAgain()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c1");

        var before = cluster.Requests;
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c2", clock: new ShiftedClock(TimeSpan.FromSeconds(6)), seed: 2);
        var afterTtl = cluster.Requests - before;
        before = cluster.Requests;
        await cluster.RunAsync("ADD", WithCache(cluster.Config("blue"), 0), containerId: "c3", seed: 3);
        var cacheOff = cluster.Requests - before;

        Assert.Equal(2, afterTtl);
        Assert.Equal(2, cacheOff);
    }

    [Fact]
    public async Task Add_PoolEdited_SeenOnceTheCachedCopyExpires()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24", spec => spec["gateway"] = "10.1.0.1");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c1");
        await cluster.Client.PatchAsync($"{IpamCluster.Base}/ippools/blue", "application/merge-patch+json", new JsonObject { ["spec"] = new JsonObject { ["gateway"] = "10.1.0.254" } }, TestContext.Current.CancellationToken);

        var (_, within) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c2");
        var (_, after) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c3", clock: new ShiftedClock(TimeSpan.FromSeconds(6)));

        Assert.Equal("10.1.0.1", Gateway(within));
        Assert.Equal("10.1.0.254", Gateway(after));
        Assert.NotEqual("10.1.0.254/24", Address(after));
    }

    [Fact]
    public async Task Add_PoolDeleted_MissingOnceTheCachedCopyExpires()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c1");
        await cluster.Client.DeleteAsync($"{IpamCluster.Base}/ippools/blue", null, null, TestContext.Current.CancellationToken);

        var (outcome, error) = await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c2", clock: new ShiftedClock(TimeSpan.FromSeconds(6)));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(CniErrorCode.PoolUnusable, Code(error));
        Assert.Contains("pool blue not found", Msg(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_ClockBeforeTheCachedRead_ReadsThePoolAgain()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c1", clock: new ShiftedClock(TimeSpan.FromMinutes(5)));

        var before = cluster.Requests;
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "c2", seed: 2);

        Assert.Equal(2, cluster.Requests - before);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3601")]
    [InlineData("\"5\"")]
    [InlineData("true")]
    public async Task Add_BadPoolCacheSeconds_Code7NamingTheKey(string value)
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var (outcome, error) = await cluster.RunAsync("ADD", WithCache(cluster.Config("blue"), JsonNode.Parse(value)!));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, Code(error));
        Assert.Contains("\"ipam.poolCacheSeconds\"", Msg(error), StringComparison.Ordinal);
        Assert.Empty(await cluster.ClaimsAsync());
    }

    [Fact]
    public async Task Add_PoolWithNodeSelector_OnlySelectedNodesAllocate()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("rack1", "10.1.0.0/24", spec => spec["nodeSelector"] = new JsonObject { ["topology.kubernetes.io/zone"] = "rack1" });
        await CreateNodeAsync(cluster, "node-a", "rack1");
        await CreateNodeAsync(cluster, "node-b", "rack2");

        var (onA, result) = await cluster.RunAsync("ADD", cluster.Config("rack1"), containerId: "c1", node: "node-a");
        var (onB, wrongNode) = await cluster.RunAsync("ADD", cluster.Config("rack1"), containerId: "c2", node: "node-b");
        var (onC, unknownNode) = await cluster.RunAsync("ADD", cluster.Config("rack1"), containerId: "c3", node: "node-c");

        Assert.Equal(0, onA.ExitCode);
        Assert.StartsWith("10.1.0.", Address(result), StringComparison.Ordinal);
        Assert.Equal((CniErrorCode.PoolUnusable, CniErrorCode.PoolUnusable), (Code(wrongNode), Code(unknownNode)));
        Assert.Contains("pool rack1 is not usable on node node-b", Msg(wrongNode), StringComparison.Ordinal);
        Assert.Contains("topology.kubernetes.io/zone=rack1", Msg(wrongNode), StringComparison.Ordinal);
        Assert.Contains("node node-c is not in the API server", Msg(unknownNode), StringComparison.Ordinal);
        Assert.Equal((1, 1), (onB.ExitCode, onC.ExitCode));
        Assert.Equal("c1", Assert.Single(await cluster.ClaimsAsync())["spec"]!["owner"]!["containerId"]!.GetValue<string>());
    }

    private static Task<JsonObject> CreateNodeAsync(IpamCluster cluster, string name, string zone) =>
        cluster.Client.CreateAsync("/api/v1/nodes", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["topology.kubernetes.io/zone"] = zone } },
        }, TestContext.Current.CancellationToken);
}
