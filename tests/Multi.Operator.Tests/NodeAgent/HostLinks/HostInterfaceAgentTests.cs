using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Annotations;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Operator.Tests.NodeAgent.HostLinks;

/// <summary>
/// The agent process against the embedded API server, acting in a network namespace that plays the node (issue #15
/// acceptance). The resync is an hour: every repair here is driven by a netlink link event or an informer event.
/// </summary>
public sealed class HostInterfaceAgentTests
{
    private const string Network = "ag-net";
    private const string Bridge = "ag-br1";
    private const int Seconds = 20;

    private static JsonObject Spec(JsonObject? vxlan = null) => new()
    {
        ["type"] = "bridge",
        ["namespaces"] = new JsonArray("ag-apps"),
        ["hostInterface"] = new JsonObject
        {
            ["vxlan"] = vxlan ?? new JsonObject { ["vni"] = 4300, ["parent"] = AgentNode.Uplink, ["remote"] = "192.0.2.2", ["port"] = 4789, ["learning"] = false },
            ["bridge"] = new JsonObject { ["name"] = Bridge },
            ["mtu"] = 1400,
        },
    };

    [Fact]
    public async Task Agent_VxlanNetwork_CreatesLinksWithDeclaredAttributesAndReportsReady()
    {
        await using var node = await StartedAsync();

        var vxlan = await VxlanNameAsync(node);
        var vx = (await node.LinkAsync(vxlan))!;
        var br = (await node.LinkAsync(Bridge))!;
        var data = vx["linkinfo"]!["info_data"]!;
        Assert.Equal("vxlan", (string)vx["linkinfo"]!["info_kind"]!);
        Assert.Equal(4300, (int)data["id"]!);
        Assert.Equal(4789, (int)data["port"]!);
        Assert.Equal("192.0.2.2", (string)data["remote"]!);
        Assert.Equal(AgentNode.Uplink, (string)data["link"]!);
        Assert.False((bool)data["learning"]!);
        Assert.Equal(1400, (int)vx["mtu"]!);
        Assert.Equal(Bridge, (string)vx["master"]!);
        Assert.StartsWith("multi/v1 id=", (string)vx["ifalias"]!, StringComparison.Ordinal);
        Assert.Contains("UP", vx["flags"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("bridge", (string)br["linkinfo"]!["info_kind"]!);
        Assert.StartsWith("multi/v1 id=", (string)br["ifalias"]!, StringComparison.Ordinal);
        Assert.Contains("UP", br["flags"]!.AsArray().Select(f => (string)f!));
        var status = (await node.StatusAsync())!;
        Assert.Equal("2/2", status.Summary);
        Assert.Equal([Network], status.ReadyNetworks);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "Ready").Status);
        await Eventually.TrueAsync(async () => (await node.Cluster.GetNetworkAsync(Network))?.Status?.NodesReady == "1/1", "nodesReady 1/1 on the ClusterNetwork", Seconds);
        var ct = TestContext.Current.CancellationToken;
        var record = KubernetesJson.Deserialize<NodeNetworkState>(KubernetesJson.Serialize(
            await node.Client.CustomObjects.GetClusterCustomObjectAsync(NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, node.Name, ct)));
        var owner = Assert.Single(record.Metadata.OwnerReferences); // the record goes with its Node (Kubernetes' garbage collector)
        Assert.Equal(("v1", "Node", node.Name, (await node.Client.CoreV1.ReadNodeAsync(node.Name, cancellationToken: ct)).Metadata.Uid), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
    }

    [Fact]
    public async Task Agent_HandMadeChanges_RepairedOnTheLinkEvent()
    {
        await using var node = await StartedAsync();
        var vxlan = await VxlanNameAsync(node);

        await node.IpAsync("link", "set", vxlan, "mtu", "1300");
        await Eventually.TrueAsync(async () => (int?)(await node.LinkAsync(vxlan))?["mtu"] == 1400, "the MTU changed by hand to be restored", Seconds);
        await node.IpAsync("link", "set", Bridge, "down");
        await Eventually.TrueAsync(async () => IsUp(await node.LinkAsync(Bridge)), "the bridge set down by hand to be up again", Seconds);
        var index = await node.IndexAsync(vxlan);
        await node.IpAsync("link", "del", vxlan);
        await Eventually.TrueAsync(async () => await node.LinkAsync(vxlan) is { } link && (int)link["ifindex"]! != index && (string?)link["master"] == Bridge && IsUp(link),
            "the VXLAN deleted by hand to be re-created as a port of the bridge, up", Seconds);
        await Eventually.TrueAsync(async () => await node.LinkStateAsync(vxlan) == "Ready", "the re-created VXLAN to be reported Ready", Seconds);
    }

    [Fact]
    public async Task Agent_ForeignLinkWithTheName_LeftAloneAndReportedAsClash()
    {
        await using var node = await AgentNode.StartAsync();
        await node.IpAsync("link", "add", Bridge, "type", "bridge");
        var index = await node.IndexAsync(Bridge);
        await node.Cluster.CreateNetworkAsync(Network, Spec());
        node.StartAgent();

        await Eventually.TrueAsync(async () => await node.LinkStateAsync(Bridge) == "Clash", "the foreign bridge reported as a clash", Seconds);
        var status = (await node.StatusAsync())!;
        var bridge = (await node.LinkAsync(Bridge))!;
        Assert.Equal(index, (int)bridge["ifindex"]!);
        Assert.Null(bridge["ifalias"]);
        Assert.False(IsUp(bridge));
        Assert.Equal("False", status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("Clash", status.Conditions.Single(c => c.Type == "Degraded").Reason);
        Assert.Empty(status.ReadyNetworks);
    }

    [Fact]
    public async Task Agent_NetworkDeletedWhilePodAttached_KeepsLinksUntilThePodIsGone()
    {
        await using var node = await StartedAsync();
        var vxlan = await VxlanNameAsync(node);
        var pod = TestCluster.Pod("ag-pod", node.Name);
        pod.Metadata.NamespaceProperty = "ag-apps";
        pod.Metadata.Annotations = new Dictionary<string, string>
        {
            [NetworkStatusBuilder.AnnotationKey] = """[{"name":"cluster-default","default":true},{"name":"ag-apps/ag-net","interface":"net1"}]""",
        };
        await node.Client.CoreV1.CreateNamespacedPodAsync(pod, "ag-apps", cancellationToken: TestContext.Current.CancellationToken);
        await WaitAsync(node, async () => (await node.StatusAsync())?.Links.All(l => l.AttachedPods == 1) == true, "the agent to count the attached pod", Seconds);

        await node.Cluster.DeleteNetworkAsync(Network);
        await WaitAsync(node, async () => (await node.StatusAsync())?.Links.FirstOrDefault(l => l.Name == Bridge) is { State: "Pending", AttachedPods: 1 } link
            && link.Message!.Contains("ag-apps/ag-pod", StringComparison.Ordinal), "the links kept for the attached pod, naming it", Seconds);
        Assert.NotNull(await node.LinkAsync(vxlan));
        Assert.NotNull(await node.LinkAsync(Bridge));

        await node.Client.CoreV1.DeleteNamespacedPodAsync("ag-pod", "ag-apps", gracePeriodSeconds: 0, cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => await node.LinkAsync(vxlan) is null && await node.LinkAsync(Bridge) is null, "both links removed once the pod is gone", Seconds);
        await Eventually.TrueAsync(async () => (await node.StatusAsync())?.Links.Count == 0, "the status to list no link", Seconds);
        Assert.NotNull(await node.LinkAsync(AgentNode.Uplink));
    }

    [Fact]
    public async Task Agent_KernelRefusesALaterStep_EarlierStepsRolledBackAndFailureReported()
    {
        await using var node = await AgentNode.StartAsync();
        await node.Cluster.CreateNamespaceAsync("ag-apps");
        // A bridge whose declared port is the loopback: the bridge is created, the kernel refuses to enslave lo (EINVAL).
        await node.Cluster.CreateNetworkAsync("ag-lo", new JsonObject
        {
            ["type"] = "bridge",
            ["master"] = "lo",
            ["namespaces"] = new JsonArray("ag-apps"),
            ["hostInterface"] = new JsonObject { ["bridge"] = new JsonObject { ["name"] = "ag-brlo" } },
        });
        node.StartAgent();

        await WaitAsync(node, async () => (await node.StatusAsync())?.LastError?.Contains("set lo master ag-brlo", StringComparison.Ordinal) == true,
            "the failed step in the NodeNetworkState's lastError", Seconds);
        var status = (await node.StatusAsync())!;
        Assert.Contains("rolled back 1 step(s)", status.LastError, StringComparison.Ordinal);
        Assert.Empty(status.ReadyNetworks);
        await Eventually.TrueAsync(async () => await node.LinkAsync("ag-brlo") is null, "the bridge created before the failure to be deleted again", Seconds);
        await Eventually.TrueAsync(async () => (await EventReasonsAsync(node, "ag-lo")).IsSupersetOf(["HostLinkFailed", "HostLinkRolledBack"]),
            "HostLinkFailed and HostLinkRolledBack events on the network", Seconds);
        Assert.Null((await node.LinkAsync("lo"))!["master"]);
    }

    private static async Task<HashSet<string>> EventReasonsAsync(AgentNode node, string network)
    {
        var events = await node.Client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: TestContext.Current.CancellationToken);
        return [.. events.Items.Where(e => e.InvolvedObject.Name == network && e.Message.Contains(node.Name, StringComparison.Ordinal)).Select(e => e.Reason)];
    }

    [Fact]
    public async Task Agent_Restarted_KeepsTheSameLinks()
    {
        await using var node = await StartedAsync();
        var vxlan = await VxlanNameAsync(node);
        var indexes = (await node.IndexAsync(vxlan), await node.IndexAsync(Bridge));

        await node.StopAgentAsync();
        node.StartAgent();
        // A change only a running agent repairs proves the new one has made its passes.
        await node.IpAsync("link", "set", vxlan, "mtu", "1300");
        await Eventually.TrueAsync(async () => (int?)(await node.LinkAsync(vxlan))?["mtu"] == 1400, "the restarted agent to repair the MTU", Seconds);

        Assert.Equal(indexes, (await node.IndexAsync(vxlan), await node.IndexAsync(Bridge)));
    }

    [Fact]
    public async Task Agent_VlanNetwork_CreatesTheVlan()
    {
        await using var node = await AgentNode.StartAsync();
        var probe = await HostCommand.RunAsync("ip", "-n", node.Name, "link", "add", "ag-vlprobe", "link", AgentNode.Uplink, "type", "vlan", "id", "5");
        Assert.SkipWhen(probe.ExitCode != 0, "the kernel has no VLAN support here (kernel module 8021q not loaded or not built)");
        await node.IpAsync("link", "del", "ag-vlprobe");
        await node.Cluster.CreateNetworkAsync(Network, new JsonObject
        {
            ["type"] = "macvlan",
            ["namespaces"] = new JsonArray("ag-apps"),
            ["hostInterface"] = new JsonObject { ["vlan"] = new JsonObject { ["parent"] = AgentNode.Uplink, ["id"] = 42 } },
        });
        node.StartAgent();

        await Eventually.TrueAsync(async () => (await node.StatusAsync())?.ReadyNetworks.Contains(Network) == true, "the VLAN network ready", Seconds);
        var vlan = (await node.StatusAsync())!.Links.Single();
        var link = (await node.LinkAsync(vlan.Name))!;
        Assert.Equal(42, (int)link["linkinfo"]!["info_data"]!["id"]!);
        Assert.Equal(AgentNode.Uplink, (string)link["link"]!);
    }

    /// <summary>A node with the network declared and the agent started, once both links are Ready.</summary>
    private static async Task<AgentNode> StartedAsync()
    {
        var node = await AgentNode.StartAsync();
        try
        {
            await node.Cluster.CreateNamespaceAsync("ag-apps");
            await node.Cluster.CreateNetworkAsync(Network, Spec());
            node.StartAgent();
            await Eventually.TrueAsync(async () => (await node.StatusAsync())?.ReadyNetworks.Contains(Network) == true, "the network's links Ready on the node", Seconds);
            return node;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var description = await node.DescribeAsync();
            await node.DisposeAsync();
            throw new InvalidOperationException($"the agent did not converge: {ex.Message}\n{description}", ex);
        }
    }

    /// <summary><see cref="Eventually.TrueAsync"/>, with the node's status, links and agent output in the failure.</summary>
    private static async Task WaitAsync(AgentNode node, Func<Task<bool>> condition, string what, int seconds)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, seconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{await node.DescribeAsync()}\nnetwork: {k8s.KubernetesJson.Serialize(await node.Cluster.GetNetworkAsync(Network))}", ex);
        }
    }

    private static async Task<string> VxlanNameAsync(AgentNode node) => (await node.StatusAsync())!.Links.Single(l => l.Kind == "vxlan").Name;

    private static bool IsUp(JsonObject? link) => link?["flags"]?.AsArray().Any(f => (string?)f == "UP") == true;
}
