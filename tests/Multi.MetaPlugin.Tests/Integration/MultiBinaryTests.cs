using System.Text.Json.Nodes;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Integration;

/// <summary>
/// The built <c>multi</c> binary, run as a runtime runs it, in real network namespaces with Debian's plugins:
/// a bridge + host-local cluster network (eth0), macvlan + static (net1) and ptp + host-local (net2).
/// </summary>
public sealed class MultiBinaryTests : IAsyncLifetime
{
    private TestNode node = null!;

    public async ValueTask InitializeAsync() => node = await TestNode.CreateAsync();

    public async ValueTask DisposeAsync() => await node.DisposeAsync();

    private JsonObject Standard(string macvlanAddress = "10.55.0.5/24") =>
        node.MultiConfig("1.0.0", node.ClusterBridge(), node.MacvlanStatic(macvlanAddress), node.Ptp());

    private static string PodArgs(string pod) => $"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME={pod}";

    private async Task<(NetworkNamespace Pod, JsonObject Result)> AddPodAsync(string name, JsonObject config)
    {
        var pod = await node.PodAsync(name);
        var add = await node.Runtime.AddAsync(TestNode.Multi, config, $"ctr-{name}", pod.Path, "eth0", PodArgs(name));
        add.EnsureSuccess($"ADD {name}");
        return (pod, add.Json!);
    }

    private static async Task<Dictionary<string, string[]>> AddressesAsync(NetworkNamespace pod) =>
        (await pod.LinksAsync()).Where(l => l.Name != "lo").ToDictionary(l => l.Name, l => l.GlobalAddresses.ToArray());

    [Fact]
    public async Task Add_PodWithClusterAndTwoSecondaries_GetsEveryInterfaceWithTheRightAddresses()
    {
        var (pod, result) = await AddPodAsync("a", Standard());

        var addresses = await AddressesAsync(pod);
        Assert.Equal(["eth0", "net1", "net2"], addresses.Keys.Order());
        Assert.Equal(["10.244.0.2/24"], addresses["eth0"]);
        Assert.Equal(["10.55.0.5/24"], addresses["net1"]);
        Assert.Equal(["10.66.0.2/24"], addresses["net2"]);
        var defaultRoute = Assert.Single(await pod.RoutesAsync(), r => r.Destination == "default");
        Assert.Equal(("10.244.0.1", "eth0"), (defaultRoute.Gateway, defaultRoute.Device));

        // The runtime gets the cluster network's result, its pod interface carrying the sandbox path.
        Assert.Equal("1.0.0", result["cniVersion"]!.GetValue<string>());
        var eth0 = result["interfaces"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "eth0")!;
        Assert.Equal(pod.Path, eth0["sandbox"]!.GetValue<string>());
        Assert.Equal("10.244.0.2/24", result["ips"]![0]!["address"]!.GetValue<string>());
        Assert.Equal(["cluster/10.244.0.2", "backhaul/10.66.0.2"], node.Leases().Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task Add_SecondPodOnTheSameBridge_CanPingTheFirst()
    {
        var (first, _) = await AddPodAsync("a", Standard("10.55.0.5/24"));
        var (second, _) = await AddPodAsync("b", Standard("10.55.0.6/24"));

        Assert.Equal(["10.244.0.3/24"], (await AddressesAsync(second))["eth0"]);
        Assert.True(await second.PingAsync("10.244.0.2"), "pod b cannot reach pod a over the cluster bridge");
        Assert.True(await second.PingAsync("10.55.0.5"), "pod b cannot reach pod a over the macvlan secondary");
        Assert.NotNull(first);
    }

    [Fact]
    public async Task Check_AfterAdd_PassesAndReportsDriftWhenAnAddressDisappears()
    {
        var config = Standard();
        var (pod, result) = await AddPodAsync("a", config);
        var check = (JsonObject)config.DeepClone();
        check["prevResult"] = result;

        var healthy = await node.Runtime.CheckAsync(TestNode.Multi, check, "ctr-a", pod.Path, "eth0", PodArgs("a"));
        await pod.IpAsync("addr", "del", "10.66.0.2/24", "dev", "net2");
        var drifted = await node.Runtime.CheckAsync(TestNode.Multi, check, "ctr-a", pod.Path, "eth0", PodArgs("a"));

        Assert.True(healthy.Succeeded, healthy.Stdout + healthy.Stderr);
        Assert.Equal(string.Empty, healthy.Stdout);
        Assert.False(drifted.Succeeded);
        Assert.Contains("(net2)", drifted.Json!["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Del_AfterAdd_RemovesEveryLinkLeaseHostVethAndCacheEntry()
    {
        var config = Standard();
        var (pod, _) = await AddPodAsync("a", config);
        Assert.Equal(2, (await node.HostVethsAsync()).Count);

        var del = await node.Runtime.DelAsync(TestNode.Multi, config, "ctr-a", pod.Path, "eth0", PodArgs("a"));

        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.Equal(["lo"], (await pod.LinksAsync()).Select(l => l.Name));
        Assert.Empty(node.Leases());
        Assert.Empty(await node.HostVethsAsync());
        Assert.Empty(node.CacheEntries());
    }

    [Fact]
    public async Task Add_SecondDelegateFails_LeavesNoLinkLeaseOrCacheEntryBehind()
    {
        var config = node.MultiConfig("1.0.0", node.ClusterBridge(), node.MacvlanStatic("10.55.0.5/24", master: "absent0"), node.Ptp());
        var pod = await node.PodAsync("a");

        var add = await node.Runtime.AddAsync(TestNode.Multi, config, "ctr-a", pod.Path, "eth0", PodArgs("a"));

        Assert.False(add.Succeeded);
        Assert.Contains("network \"storage\" (net1)", add.Json!["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["lo"], (await pod.LinksAsync()).Select(l => l.Name));
        Assert.Empty(node.Leases());
        Assert.Empty(await node.HostVethsAsync());
        Assert.Empty(node.CacheEntries());
    }

    [Fact]
    public async Task Add_InterfaceNameAlreadyInThePod_Fails107AndLeavesThatInterfaceAlone()
    {
        var pod = await node.PodAsync("a");
        await pod.IpAsync("link", "add", "net1", "type", "veth", "peer", "name", "foreign1");

        var add = await node.Runtime.AddAsync(TestNode.Multi, Standard(), "ctr-a", pod.Path, "eth0", PodArgs("a"));

        Assert.False(add.Succeeded);
        Assert.Equal(107u, add.Json!["code"]!.GetValue<uint>());
        Assert.Equal(["foreign1", "lo", "net1"], (await pod.LinksAsync()).Select(l => l.Name).Order());
        Assert.Empty(node.Leases());
        Assert.Empty(await node.HostVethsAsync());
        Assert.Empty(node.CacheEntries());
    }

    [Fact]
    public async Task Add_ChainFailsAfterItsIpamAllocated_LeavesNoResidue()
    {
        // net2 is ptp + tuning: ptp creates the veth and takes a lease, then tuning fails on a sysctl that does not exist.
        var chain = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "backhaul",
            ["plugins"] = new JsonArray(
                new JsonObject { ["type"] = "ptp", ["ipam"] = node.HostLocal("10.66.0.0/24") },
                new JsonObject { ["type"] = "tuning", ["sysctl"] = new JsonObject { ["net.ipv4.conf.IFNAME.no_such_knob"] = "1" } }),
        };
        var config = node.MultiConfig("1.0.0", node.ClusterBridge(), node.MacvlanStatic("10.55.0.5/24"), chain);
        var pod = await node.PodAsync("a");

        var add = await node.Runtime.AddAsync(TestNode.Multi, config, "ctr-a", pod.Path, "eth0", PodArgs("a"));

        Assert.False(add.Succeeded, add.Stdout);
        Assert.Contains("(net2)", add.Json!["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["lo"], (await pod.LinksAsync()).Select(l => l.Name));
        Assert.Empty(node.Leases());
        Assert.Empty(await node.HostVethsAsync());
        Assert.Empty(node.CacheEntries());
    }

    [Fact]
    public async Task Del_Twice_BothSucceed()
    {
        var config = Standard();
        var (pod, _) = await AddPodAsync("a", config);

        var first = await node.Runtime.DelAsync(TestNode.Multi, config, "ctr-a", pod.Path, "eth0", PodArgs("a"));
        var second = await node.Runtime.DelAsync(TestNode.Multi, config, "ctr-a", pod.Path, "eth0", PodArgs("a"));

        Assert.True(first.Succeeded, first.Stdout);
        Assert.True(second.Succeeded, second.Stdout);
        Assert.Empty(node.Leases());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Del_AfterTheNetnsIsDeleted_SucceedsAndFreesTheLeases(bool sendEmptyNetns)
    {
        var config = Standard();
        var (pod, _) = await AddPodAsync("a", config);
        await pod.DisposeAsync();

        var del = await node.Runtime.DelAsync(TestNode.Multi, config, "ctr-a", sendEmptyNetns ? string.Empty : pod.Path, "eth0", PodArgs("a"));

        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.Empty(node.Leases());
        Assert.Empty(node.CacheEntries());

        // The host ends of the pod's veths go with the namespace, which the kernel destroys asynchronously.
        var veths = await node.HostVethsAsync();
        for (var i = 0; i < 50 && veths.Count > 0; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
            veths = await node.HostVethsAsync();
        }

        Assert.Empty(veths);
    }

    [Fact]
    public async Task Gc_KeepsLiveAttachmentsAndFreesStaleOnes()
    {
        var config = node.MultiConfig("1.1.0", node.ClusterBridge(), node.MacvlanStatic("10.55.0.5/24"), node.Ptp());
        var (live, _) = await AddPodAsync("a", config);
        var (stale, _) = await AddPodAsync("b", node.MultiConfig("1.1.0", node.ClusterBridge(), node.MacvlanStatic("10.55.0.6/24"), node.Ptp()));
        await stale.DisposeAsync(); // the runtime lost pod b without a DEL
        var gc = (JsonObject)config.DeepClone();
        gc["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "ctr-a", ["ifname"] = "eth0" });

        var result = await node.Runtime.GcAsync(TestNode.Multi, gc);

        Assert.True(result.Succeeded, result.Stdout + result.Stderr);
        Assert.Equal(["backhaul/10.66.0.2", "cluster/10.244.0.2"], node.Leases());
        Assert.Equal(["attachments/multi-it/ctr-a@eth0.json"], node.CacheEntries().Where(f => f.EndsWith(".json", StringComparison.Ordinal)));
        Assert.Equal(["eth0", "net1", "net2"], (await AddressesAsync(live)).Keys.Order());
        Assert.True(await live.PingAsync("10.244.0.1"), "the live pod lost its cluster network");
    }

    [Fact]
    public async Task Gc_SendsEachGcCapableDelegateItsOwnTranslatedList()
    {
        var record = Path.Combine(node.StateDir, "gc-input.json");
        var plugin = Path.Combine(node.ExtraBinDir, "gc-recorder");
        File.WriteAllText(plugin, $$"""
            #!/bin/sh
            input=$(cat)
            case "$CNI_COMMAND" in
              ADD) printf '{"cniVersion":"1.1.0","interfaces":[{"name":"%s","sandbox":"%s"}]}' "$CNI_IFNAME" "$CNI_NETNS" ;;
              GC) printf '%s' "$input" > {{record}} ;;
            esac
            """);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var recorder = new JsonObject { ["cniVersion"] = "1.1.0", ["name"] = "recorded", ["type"] = "gc-recorder" };
        var config = node.MultiConfig("1.1.0", node.ClusterBridge(), recorder);
        await AddPodAsync("a", config);
        var gc = (JsonObject)config.DeepClone();
        gc["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "ctr-a", ["ifname"] = "eth0" });

        var result = await node.Runtime.GcAsync(TestNode.Multi, gc);

        Assert.True(result.Succeeded, result.Stdout + result.Stderr);
        var sent = JsonNode.Parse(File.ReadAllText(record))!;
        Assert.Equal("""[{"containerID":"ctr-a","ifname":"net1"}]""", sent["cni.dev/valid-attachments"]!.ToJsonString());
        Assert.Equal("recorded", sent["name"]!.GetValue<string>());
    }
}
