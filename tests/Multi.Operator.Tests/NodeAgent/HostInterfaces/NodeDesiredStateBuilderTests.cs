using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

public sealed class NodeDesiredStateBuilderTests
{
    private static readonly string Vl100 = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth1", Id = 100 });

    public static TheoryData<string, IReadOnlyDictionary<string, string>?, string[]> Selections() => new()
    {
        { "no selector selects every node", null, ["a"] },
        { "matching label", ZoneA, ["a"] },
        { "other zone", ZoneB, [] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public void Compute_NodeSelector_SelectsByTheNodeLabels(string what, IReadOnlyDictionary<string, string>? selector, string[] networks)
    {
        var state = NodeDesiredStateBuilder.Compute([("a", Vlan("eth1", 100, nodeSelector: selector))], ZoneA);

        Assert.Equal(networks, state.Links.SelectMany(l => l.Networks));
        Assert.Equal(["a"], state.Declared[Vl100]);
        Assert.Empty(state.Problems);
        _ = what;
    }

    [Fact]
    public void Compute_VlanWithBridge_TwoLinksTheVlanAPortOfTheBridge()
    {
        var state = Desired(("blue", Vlan("eth1", 100, mtu: 1400, bridge: new BridgeInterfaceSpec())));

        var bridge = HostInterfaceNames.Bridge("blue", new BridgeInterfaceSpec());
        Assert.Equal([bridge, Vl100], state.Links.Select(l => l.Spec.Name).Order(StringComparer.Ordinal));
        var vlan = state.Links.Single(l => l.Spec.Kind == LinkKind.Vlan).Spec;
        Assert.Equal(("eth1", 1400, bridge, new VlanAttributes(100, "802.1Q")), (vlan.Parent, vlan.Mtu, vlan.Master, vlan.Vlan));
        Assert.Equal(1400, state.Links.Single(l => l.Spec.Kind == LinkKind.Bridge).Spec.Mtu);
    }

    [Fact]
    public void Compute_TwoNetworksSameLinkSameSettings_OneLinkCountedTwice()
    {
        var state = Desired(("b", Vlan("eth1", 100, mtu: 1400)), ("a", Vlan("eth1", 100, mtu: 1400)));

        var link = Assert.Single(state.Links);
        Assert.Equal(["a", "b"], link.Networks);
        Assert.Empty(state.Problems);
    }

    [Theory]
    [InlineData(1400, 1300, "mtu 1400 vs 1300")]
    [InlineData(null, 1300, "mtu (unset) vs 1300")]
    public void Compute_SameNameDifferentSettings_ConflictForBothAndNoLink(int? first, int? second, string difference)
    {
        var state = Desired(("a", Vlan("eth1", 100, mtu: first)), ("b", Vlan("eth1", 100, mtu: second)));

        Assert.Empty(state.Links);
        Assert.Equal(["a", "b"], state.Problems.Select(p => p.Network));
        Assert.All(state.Problems, p => Assert.Contains(difference, p.Message, StringComparison.Ordinal));
        Assert.Contains(Vl100, state.Withheld);
    }

    [Fact]
    public void Compute_SameVniAndPortDifferentPeers_KernelKeyConflictForBoth()
    {
        var state = Desired(
            ("a", Vxlan(new VxlanInterfaceSpec { Vni = 42, Remote = "10.0.0.1" })),
            ("b", Vxlan(new VxlanInterfaceSpec { Vni = 42, Remote = "10.0.0.2" })),
            ("c", Vlan("eth1", 7)));

        Assert.Equal([HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth1", Id = 7 })], state.Links.Select(l => l.Spec.Name));
        Assert.Equal(["a", "b"], state.Problems.Select(p => p.Network));
        Assert.All(state.Problems, p => Assert.Contains("VXLAN 42 port 4789 is declared as different links", p.Message, StringComparison.Ordinal));
        Assert.Equal(2, state.Withheld.Count);
    }

    [Fact]
    public void Compute_ConflictOnlyOnOtherNodes_NoProblemHere()
    {
        var state = Desired(("a", Vlan("eth1", 100, mtu: 1400)), ("b", Vlan("eth1", 100, mtu: 1300, nodeSelector: ZoneB)));

        Assert.Equal(["a"], Assert.Single(state.Links).Networks);
        Assert.Empty(state.Problems);
        Assert.Equal(["a", "b"], state.Declared[Vl100]);
    }

    [Fact]
    public void Compute_DeclarationOrder_DoesNotChangeTheResult()
    {
        (string, ClusterNetworkSpec)[] networks =
        [
            ("x", Vlan("eth1", 100)), ("y", Vlan("eth1", 100)), ("z", Vxlan(new VxlanInterfaceSpec { Vni = 9, Parent = "eth0" }, bridge: new BridgeInterfaceSpec())),
            ("w", Vlan("eth1", 5, mtu: 1)), ("v", Vlan("eth1", 5, mtu: 2)),
        ];

        var forward = NodeDesiredStateBuilder.Compute(networks, ZoneA);
        var backward = NodeDesiredStateBuilder.Compute(networks.Reverse(), ZoneA);

        Assert.Equal(forward.Links.Select(l => (l.Spec, string.Join(",", l.Networks))), backward.Links.Select(l => (l.Spec, string.Join(",", l.Networks))));
        Assert.Equal(forward.Problems, backward.Problems);
    }

    [Theory]
    [InlineData("a/b", null, "\"a/b\" is not an interface name")]
    [InlineData("eth1", "bridge:1", "\"bridge:1\" is not an interface name")]
    public void Compute_InvalidName_ProblemAndNoLink(string parent, string? bridgeName, string message)
    {
        var state = Desired(("a", Vlan(parent, 100, bridge: bridgeName is null ? null : new BridgeInterfaceSpec { Name = bridgeName })));

        Assert.Empty(state.Links);
        Assert.Contains(message, Assert.Single(state.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_BridgeAloneWithMaster_BridgeTakesThePort()
    {
        var state = Desired(("a", BridgeAlone("eth1", "br-a")));

        var bridge = Assert.Single(state.Links).Spec;
        Assert.Equal(("br-a", LinkKind.Bridge, "eth1"), (bridge.Name, bridge.Kind, bridge.Port));
    }

    [Fact]
    public void Compute_NetworksWithoutHostInterface_Ignored()
    {
        var state = Desired(("plain", new ClusterNetworkSpec { Type = "macvlan", Master = "eth1" }));

        Assert.Empty(state.Links);
        Assert.Empty(state.Declared);
    }
}
