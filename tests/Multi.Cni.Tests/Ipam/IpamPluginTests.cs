using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Sandbox.ApiServer;

namespace Multi.Cni.Tests.Ipam;

/// <summary>multi-ipam in-process against the embedded API server with the shipped CRDs.</summary>
public sealed class IpamPluginTests
{
    private static uint Code(JsonObject? json) => json?["code"]?.GetValue<uint>() ?? 0;

    private static string Msg(JsonObject? json) => json?["msg"]?.GetValue<string>() ?? "";

    private static string Address(JsonObject? result, int i = 0) => result!["ips"]![i]!["address"]!.GetValue<string>();

    [Fact]
    public async Task Add_FreshPool_ReturnsAddressGatewayRoutesDnsAndOneOwnedClaim()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24", s =>
        {
            s["gateway"] = "10.1.0.1";
            s["routes"] = new JsonArray(new JsonObject { ["dst"] = "10.2.0.0/16", ["gw"] = "10.1.0.254" });
            s["dns"] = new JsonObject { ["nameservers"] = new JsonArray("10.1.0.53"), ["domain"] = "blue.local" };
        });

        var (outcome, result) = await cluster.RunAsync("ADD", IpamCluster.Config("1.0.0", cluster.Kubeconfig, cluster.JournalDir, "blue"), cniArgs: IpamCluster.PodArgs("web"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("1.0.0", result!["cniVersion"]!.GetValue<string>());
        Assert.StartsWith("10.1.0.", Address(result), StringComparison.Ordinal);
        Assert.EndsWith("/24", Address(result), StringComparison.Ordinal);
        Assert.NotEqual("10.1.0.1/24", Address(result));
        Assert.Equal("10.1.0.1", result["ips"]![0]!["gateway"]!.GetValue<string>());
        Assert.Equal("""[{"dst":"10.2.0.0/16","gw":"10.1.0.254"}]""", result["routes"]!.ToJsonString());
        Assert.Equal("10.1.0.53", result["dns"]!["nameservers"]![0]!.GetValue<string>());
        var claim = Assert.Single(await cluster.ClaimsAsync("blue"));
        Assert.Equal($"blue.{Address(result).Split('/')[0]}", claim["metadata"]!["name"]!.GetValue<string>());
        var owner = claim["spec"]!["owner"]!;
        Assert.Equal(["default", "web", "uid-1", "c1", "net1", "node-a"], new[] { "podNamespace", "podName", "podUid", "containerId", "interface", "node" }.Select(k => owner[k]!.GetValue<string>()));
    }

    [Fact]
    public async Task Add_Repeated_ReturnsTheSameAddressAndCreatesNothing()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 1);
        var (outcome, second) = await cluster.RunAsync("ADD", cluster.Config("blue"), seed: 2);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(Address(first), Address(second));
        Assert.Single(await cluster.ClaimsAsync("blue"));
    }

    [Fact]
    public async Task Del_AfterAdd_ReleasesAndRepeatedDelSucceeds()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"));

        var (first, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));
        var (second, _) = await cluster.RunAsync("DEL", cluster.Config("blue"));
        var (never, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: "never-added");

        Assert.Equal((0, ""), (first.ExitCode, first.Stdout));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, never.ExitCode);
        Assert.Empty(await cluster.ClaimsAsync());
    }

    [Fact]
    public async Task Del_OtherAttachment_LeavesTheClaimAlone()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "owner");

        var (otherContainer, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: "intruder");
        var (otherInterface, _) = await cluster.RunAsync("DEL", cluster.Config("blue"), containerId: "owner", ifName: "net2");

        Assert.Equal(0, otherContainer.ExitCode);
        Assert.Equal(0, otherInterface.ExitCode);
        Assert.Equal("owner", Assert.Single(await cluster.ClaimsAsync("blue"))["spec"]!["owner"]!["containerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_OwnClaimPresent_SucceedsAndAfterDelFailsWith124()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        var (_, result) = await cluster.RunAsync("ADD", cluster.Config("blue"));
        var config = cluster.Config("blue");
        config["prevResult"] = result!.DeepClone();

        var (ok, _) = await cluster.RunAsync("CHECK", config);
        await cluster.RunAsync("DEL", cluster.Config("blue"));
        var (_, missing) = await cluster.RunAsync("CHECK", config);

        Assert.Equal((0, ""), (ok.ExitCode, ok.Stdout));
        Assert.Equal(CniErrorCode.AllocationMissing, Code(missing));
    }

    [Fact]
    public async Task Add_RequestedAddress_AllocatesItAndAnotherOwnerGets121()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24", s => s["gateway"] = "10.1.0.1");
        JsonObject Requesting(string ip)
        {
            var config = cluster.Config("blue");
            config["runtimeConfig"] = new JsonObject { ["ips"] = new JsonArray(ip) };
            return config;
        }

        var (_, mine) = await cluster.RunAsync("ADD", Requesting("10.1.0.77/24"), containerId: "a", cniArgs: IpamCluster.PodArgs("a"));
        var (_, taken) = await cluster.RunAsync("ADD", Requesting("10.1.0.77"), containerId: "b");
        var (_, gateway) = await cluster.RunAsync("ADD", Requesting("10.1.0.1"), containerId: "c");
        var (_, outside) = await cluster.RunAsync("ADD", Requesting("10.9.0.5"), containerId: "d");
        var (_, wrongPrefix) = await cluster.RunAsync("ADD", Requesting("10.1.0.78/16"), containerId: "e");

        Assert.Equal("10.1.0.77/24", Address(mine));
        Assert.Equal(CniErrorCode.AddressOwned, Code(taken));
        Assert.Contains("10.1.0.77 in pool blue is already allocated to default/a", Msg(taken), StringComparison.Ordinal);
        Assert.Equal(CniErrorCode.AddressNotInPool, Code(gateway));
        Assert.Equal(CniErrorCode.AddressNotInPool, Code(outside));
        Assert.Equal(CniErrorCode.AddressNotInPool, Code(wrongPrefix));
        Assert.Single(await cluster.ClaimsAsync("blue"));
    }

    [Fact]
    public async Task Add_Slash30Pool_ExhaustedAfterItsTwoAddresses()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("tiny", "10.3.0.0/30");

        var (_, a) = await cluster.RunAsync("ADD", cluster.Config("tiny"), containerId: "a");
        var (_, b) = await cluster.RunAsync("ADD", cluster.Config("tiny"), containerId: "b");
        var (outcome, c) = await cluster.RunAsync("ADD", cluster.Config("tiny"), containerId: "c");
        await cluster.RunAsync("DEL", cluster.Config("tiny"), containerId: "a");
        var (_, d) = await cluster.RunAsync("ADD", cluster.Config("tiny"), containerId: "d");

        Assert.Equal(["10.3.0.1/30", "10.3.0.2/30"], new[] { Address(a), Address(b) }.Order());
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(CniErrorCode.PoolExhausted, Code(c));
        Assert.Equal("pool tiny exhausted (capacity 2)", Msg(c));
        Assert.Equal(Address(a), Address(d));
    }

    [Fact]
    public async Task Add_DualStack_OneAddressPerPoolAndIpv6Slash64()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("v4", "10.4.0.0/24", s => s["gateway"] = "10.4.0.1");
        await cluster.CreatePoolAsync("v6", "2001:db8:4::/64", s => s["gateway"] = "2001:db8:4::1");

        var (_, result) = await cluster.RunAsync("ADD", cluster.Config("v4", "v6"));
        var (_, legacy) = await cluster.RunAsync("ADD", IpamCluster.Config("0.3.1", cluster.Kubeconfig, cluster.JournalDir, "v4", "v6"));

        Assert.StartsWith("10.4.0.", Address(result, 0), StringComparison.Ordinal);
        Assert.StartsWith("2001:db8:4:0:", Address(result, 1), StringComparison.Ordinal);
        Assert.EndsWith("/64", Address(result, 1), StringComparison.Ordinal);
        Assert.Equal("2001:db8:4::1", result!["ips"]![1]!["gateway"]!.GetValue<string>());
        Assert.Equal("6", legacy!["ips"]![1]!["version"]!.GetValue<string>());
        var v6Claim = Assert.Single(await cluster.ClaimsAsync("v6"));
        Assert.Matches("^v6\\.[0-9a-f]{32}$", v6Claim["metadata"]!["name"]!.GetValue<string>());
        Assert.Single(await cluster.ClaimsAsync("v4"));
    }

    [Fact]
    public async Task Add_Slash8AndSlash64Pools_ObjectSizesDoNotDependOnPoolSize()
    {
        await using var cluster = await IpamCluster.StartAsync();
        var small = await cluster.CreatePoolAsync("small", "10.5.0.0/28");
        var wide = await cluster.CreatePoolAsync("wide", "10.0.0.0/8");
        await cluster.CreatePoolAsync("huge", "2001:db8:5::/64");

        for (var i = 0; i < 40; i++)
        {
            foreach (var pool in new[] { "wide", "huge" })
            {
                var (outcome, json) = await cluster.RunAsync("ADD", cluster.Config(pool), containerId: $"c{i}", seed: i);
                Assert.True(outcome.ExitCode == 0, outcome.Stdout);
            }
        }

        await cluster.RunAsync("ADD", cluster.Config("small"));
        var wideAfter = await cluster.Client.GetAsync($"{IpamCluster.Base}/ippools/wide", TestContext.Current.CancellationToken);
        var sizes = (await cluster.ClaimsAsync()).Select(c => c.ToJsonString().Length).ToList();

        Assert.Equal(81, sizes.Count);
        Assert.All(sizes, s => Assert.InRange(s, 200, 1024));
        Assert.Equal(wide["metadata"]!["resourceVersion"]!.GetValue<string>(), wideAfter["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.InRange(wideAfter.ToJsonString().Length - small.ToJsonString().Length, -16, 16);
    }

    [Fact]
    public async Task Add_SecondPoolFails_ReleasesTheFirstPoolsClaim()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("v4", "10.6.0.0/24");
        await cluster.CreatePoolAsync("full", "10.7.0.0/30");
        await cluster.RunAsync("ADD", cluster.Config("full"), containerId: "x");
        await cluster.RunAsync("ADD", cluster.Config("full"), containerId: "y");

        var (_, exhausted) = await cluster.RunAsync("ADD", cluster.Config("v4", "full"));
        var (_, missing) = await cluster.RunAsync("ADD", cluster.Config("v4", "nosuchpool"));

        Assert.Equal(CniErrorCode.PoolExhausted, Code(exhausted));
        Assert.Equal(CniErrorCode.PoolUnusable, Code(missing));
        Assert.Contains("nosuchpool", Msg(missing), StringComparison.Ordinal);
        Assert.Empty(await cluster.ClaimsAsync("v4"));
    }

    [Theory]
    [InlineData("""{"type":"multi-ipam"}""", "\"ipam.pool\"")]
    [InlineData("""{"type":"multi-ipam","pool":"a","pools":["b"]}""", "not both")]
    [InlineData("""{"type":"multi-ipam","pool":"Bad_Name"}""", "DNS-1123")]
    [InlineData("""{"type":"multi-ipam","pools":["a","a"]}""", "twice")]
    [InlineData("""{"type":"multi-ipam","pools":"a"}""", "must be an array")]
    [InlineData("""{"type":"multi-ipam","pool":"a","kubeconfig":""}""", "ipam.kubeconfig")]
    [InlineData("""null""", "\"ipam\" must be an object")]
    public async Task Add_BadConfig_Code7NamingTheProblem(string ipam, string expected)
    {
        await using var cluster = await IpamCluster.StartAsync();
        var config = new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "net1", ["type"] = "macvlan", ["ipam"] = JsonNode.Parse(ipam) };
        if (config["ipam"] is JsonObject o && !o.ContainsKey("kubeconfig") && expected != "ipam.kubeconfig")
        {
            o["kubeconfig"] = cluster.Kubeconfig;
        }

        var (outcome, error) = await cluster.RunAsync("ADD", config);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, Code(error));
        Assert.Contains(expected, Msg(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_BadRequestedIp_Code7()
    {
        await using var cluster = await IpamCluster.StartAsync();
        var config = cluster.Config("blue");
        config["runtimeConfig"] = new JsonObject { ["ips"] = new JsonArray("10.1.0.300") };

        var (_, error) = await cluster.RunAsync("ADD", config);

        Assert.Equal(CniErrorCode.InvalidNetworkConfig, Code(error));
        Assert.Contains("10.1.0.300", Msg(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_ReleasesOnlyThisNodesOldClaimsOfInvalidAttachments()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "valid");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "stale");
        await cluster.RunAsync("ADD", cluster.Config("blue"), containerId: "elsewhere", node: "node-b");
        var gc = cluster.Config("blue");
        gc["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "valid", ["ifname"] = "net1" });

        var (young, _) = await cluster.RunAsync("GC", gc);
        var afterYoung = (await cluster.ClaimsAsync()).Count;
        var (old, _) = await cluster.RunAsync("GC", gc, clock: new ShiftedClock(TimeSpan.FromMinutes(2)));

        Assert.Equal(0, young.ExitCode);
        Assert.Equal(3, afterYoung);
        Assert.Equal(0, old.ExitCode);
        Assert.Equal(["elsewhere", "valid"], (await cluster.ClaimsAsync()).Select(c => c["spec"]!["owner"]!["containerId"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Add_StickyPoolStatefulSetPod_ComesBackToTheSameAddress()
    {
        await using var cluster = await IpamCluster.StartAsync();
        await cluster.CreatePoolAsync("sticky", "10.8.0.0/16", s => s["stickyAddresses"] = true);

        var (_, first) = await cluster.RunAsync("ADD", cluster.Config("sticky"), containerId: "sandbox1", cniArgs: IpamCluster.PodArgs("db-0", "uid-1"), seed: 1);
        await cluster.RunAsync("DEL", cluster.Config("sticky"), containerId: "sandbox1");
        var (_, again) = await cluster.RunAsync("ADD", cluster.Config("sticky"), containerId: "sandbox2", cniArgs: IpamCluster.PodArgs("db-0", "uid-2"), seed: 2);
        var (_, sibling) = await cluster.RunAsync("ADD", cluster.Config("sticky"), containerId: "sandbox3", cniArgs: IpamCluster.PodArgs("db-1", "uid-3"), seed: 3);

        Assert.Equal(Address(first), Address(again));
        Assert.NotEqual(Address(first), Address(sibling));
    }

    [Fact]
    public async Task Add_InjectedConflictsAndDelays_StillAllocates()
    {
        var calls = 0;
        await using var cluster = await IpamCluster.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = r => r.Method == "POST" && r.Path.EndsWith("/ipallocations", StringComparison.Ordinal) && Interlocked.Increment(ref calls) <= 3
                ? ApiFault.Status(409, "AlreadyExists", "injected") with { Delay = TimeSpan.FromMilliseconds(20) }
                : null,
        });
        await cluster.CreatePoolAsync("blue", "10.1.0.0/24");

        var (outcome, result) = await cluster.RunAsync("ADD", cluster.Config("blue"));

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(Address(result).Split('/')[0], Assert.Single(await cluster.ClaimsAsync())["spec"]!["address"]!.GetValue<string>());
        Assert.Equal(4, calls);
    }
}
