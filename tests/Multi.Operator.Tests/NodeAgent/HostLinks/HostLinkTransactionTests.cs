using System.Text.Json.Nodes;
using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using Multi.Operator.NodeAgent.HostLinks;
using Multi.Operator.NodeAgent.Netlink;
using Multi.Operator.Tests.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.HostLinks;

/// <summary>The adapter against a real kernel: a test namespace with a veth uplink plays the node.</summary>
public sealed class HostLinkTransactionTests
{
    private static readonly ClusterNetworkSpec Network = new()
    {
        Type = ClusterNetworkTypes.Bridge,
        HostInterface = new HostInterfaceSpec
        {
            Vxlan = new VxlanInterfaceSpec { Vni = 4242, Parent = NetlinkTestNamespace.Uplink, Remote = "192.0.2.2", Learning = false },
            Bridge = new BridgeInterfaceSpec { Name = "ag-br42" },
        },
        Namespaces = ["default"],
    };

    [Fact]
    public async Task Apply_PlanOnRealKernel_SecondPlanIsEmptyAndLinksReady()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var kernel = new HostLinkKernel(socket);
        var desired = NodeDesiredStateBuilder.Compute([("net-a", Network)], null);

        var result = HostLinkTransaction.Apply(HostLinkPlanner.Plan(desired, kernel.Observe(), []), kernel);
        var again = HostLinkPlanner.Plan(desired, kernel.Observe(), []);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(again.Steps);
        Assert.All(again.Links, l => Assert.Equal(LinkState.Ready, l.State));
        Assert.Equal(["ag-br42", desired.Links.Single(l => l.Spec.Kind == LinkKind.Vxlan).Spec.Name], again.Links.Select(l => l.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Apply_LaterCreateRefusedByKernel_EarlierStepsRolledBackAndFailureReported()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var kernel = new HostLinkKernel(socket);
        var desired = NodeDesiredStateBuilder.Compute([("net-a", Network)], null);
        var vxlan = desired.Links.Single(l => l.Spec.Kind == LinkKind.Vxlan).Spec.Name;
        var plan = HostLinkPlanner.Plan(desired, kernel.Observe(), []);
        var before = Names(await ns.IpAsync("-j", "link", "show"));

        // Between plan and apply a foreign link takes the VXLAN's name: the bridge is created, the VXLAN create fails.
        await ns.IpAsync("link", "add", vxlan, "type", "veth", "peer", "name", "ag-peer42");
        var result = HostLinkTransaction.Apply(plan, kernel);
        var after = Names(await ns.IpAsync("-j", "link", "show"));

        Assert.False(result.Succeeded);
        Assert.IsType<LinkAction.Create>(result.Failed);
        Assert.Equal(vxlan, result.Failed!.Link);
        Assert.Contains("EEXIST", result.Error, StringComparison.Ordinal);
        Assert.Contains(result.RolledBack, a => a is LinkAction.Delete { Name: "ag-br42" });
        Assert.Empty(result.RollbackErrors);
        Assert.Equal(before.Append(vxlan).Append("ag-peer42").Order(StringComparer.Ordinal), after.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Observe_VxlanOnUplink_ParentAndAttributesMapped()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        await ns.IpAsync("link", "add", "ag-vx7", "type", "vxlan", "id", "7", "dev", NetlinkTestNamespace.Uplink, "remote", "192.0.2.9", "dstport", "4789", "nolearning", "ttl", "5");
        await ns.IpAsync("link", "add", "ag-br7", "type", "bridge");
        await ns.IpAsync("link", "set", "ag-vx7", "master", "ag-br7", "mtu", "1400", "up");
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);

        var link = new HostLinkKernel(socket).Observe().Single(l => l.Name == "ag-vx7");

        Assert.Equal(LinkKind.Vxlan, link.Kind);
        Assert.Equal(NetlinkTestNamespace.Uplink, link.ParentName);
        Assert.Equal("ag-br7", link.Master);
        Assert.Equal(1400, link.Mtu);
        Assert.True(link.AdminUp);
        Assert.Equal(new Multi.Operator.NodeAgent.HostInterfaces.VxlanAttributes(7, 4789) { Peer = "192.0.2.9", Learning = false, Ttl = 5 }, link.Vxlan! with { Local = null, Ageing = null, SourcePortLow = null, SourcePortHigh = null, UdpChecksum = null });
    }

    private static List<string> Names(string json) => [.. JsonNode.Parse(json)!.AsArray().Select(l => (string)l!["ifname"]!)];
}
