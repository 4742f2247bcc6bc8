using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>Creation, ownership, clashes, parents and MTU bounds (host-interfaces.md, sections 4, 5 and 9).</summary>
public sealed class HostLinkPlannerTests
{
    private static readonly string Vl100 = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth1", Id = 100 });
    private static readonly string BrBlue = HostInterfaceNames.Bridge("blue", new BridgeInterfaceSpec());

    [Fact]
    public void Plan_NothingExists_CreatesBridgeThenPortThenJoinsThenUp()
    {
        var kernel = new SimulatedKernel([Nic("eth1", 3, 9000)]);

        var plan = HostLinkPlanner.Plan(Desired(("blue", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec()))), kernel.Links, []);

        Assert.Equal(
            [$"create bridge {BrBlue}", $"create vlan {Vl100} on eth1 mtu 9000", $"set {Vl100} master {BrBlue}", $"set {Vl100} up", $"set {BrBlue} up"],
            plan.Actions.Select(a => a.ToString()));
        Assert.Equal(PlanVerdict.Apply, plan.Verdict);
        Assert.All(plan.Links, l => Assert.Equal((LinkState.Pending, "created"), (l.State, l.Message)));
        var create = Assert.IsType<LinkAction.Create>(plan.Actions[1]);
        Assert.True(HostLinkMarker.TryParse(create.Alias, out _));
    }

    [Fact]
    public void Plan_ParentDown_BringsTheParentUpFirstOnce()
    {
        var kernel = new SimulatedKernel([Nic("eth1", 3, up: false)]);

        var plan = HostLinkPlanner.Plan(Desired(("a", Vlan("eth1", 100)), ("b", Vlan("eth1", 200))), kernel.Links, []);

        Assert.Equal("set eth1 up", plan.Actions[0].ToString());
        Assert.Single(plan.Actions, a => a.Link == "eth1");
        Assert.Equal([new LinkAction.SetDown("eth1")], plan.Steps[0].Inverse);
    }

    [Fact]
    public void Plan_AfterApplying_IsEmptyAndEveryLinkReady()
    {
        var desired = Desired(("blue", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec())), ("red", Vxlan(new VxlanInterfaceSpec { Vni = 42, Parent = "eth0", Group = "239.1.1.1" })));
        var kernel = Converged(desired);

        var plan = HostLinkPlanner.Plan(desired, kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Equal(PlanVerdict.Settled, plan.Verdict);
        Assert.All(plan.Links, l => Assert.Equal(LinkState.Ready, l.State));
        Assert.Equal(1450, kernel[HostInterfaceNames.Vxlan(new VxlanInterfaceSpec { Vni = 42, Parent = "eth0", Group = "239.1.1.1" })].Mtu);
    }

    [Fact]
    public void Plan_ForeignLinkWithOurName_ClashAndUntouched()
    {
        var foreign = new ObservedLink(Vl100, 50, LinkKind.Vlan) { Alias = "made by hand", ParentIndex = 3, Vlan = new VlanAttributes(100, "802.1Q"), Mtu = 1000 };
        var kernel = new SimulatedKernel([Nic("eth1", 3), foreign]);

        var plan = HostLinkPlanner.Plan(Desired(("a", Vlan("eth1", 100))), kernel.Links, []);

        Assert.Empty(plan.Steps);
        var outcome = Assert.Single(plan.Links);
        Assert.Equal(LinkState.Clash, outcome.State);
        Assert.Contains("without the Multi ownership marker (alias \"made by hand\")", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(LinkState.Clash, Assert.Single(plan.Reports).State);
    }

    [Fact]
    public void Plan_ForeignLinkNotDesired_NeverDeleted()
    {
        var kernel = new SimulatedKernel([Nic("eth1", 3), new ObservedLink("vl9-0000", 50, LinkKind.Vlan) { ParentIndex = 3, Vlan = new VlanAttributes(9, "802.1Q") }]);

        var plan = HostLinkPlanner.Plan(NodeDesiredState.Empty, kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Empty(plan.Links);
    }

    [Theory]
    [InlineData("vlan", "VLAN 100 (802.1Q) on eth1 is taken by link eth1.100, which Multi does not manage (the CNI vlan plugin or an administrator created it); nothing is changed")]
    [InlineData("vxlan", "VXLAN 42 port 4789 is taken by link eth1.100, which Multi does not manage (an administrator or another agent created it); nothing is changed")]
    public void Plan_KernelKeyHeldByForeignLink_Clash(string kindName, string message)
    {
        var kind = kindName == "vlan" ? LinkKind.Vlan : LinkKind.Vxlan;
        var holder = new ObservedLink("eth1.100", 60, kind)
        {
            ParentIndex = 3,
            Vlan = kind == LinkKind.Vlan ? new VlanAttributes(100, "802.1Q") : null,
            Vxlan = kind == LinkKind.Vxlan ? new VxlanAttributes(42, 4789) : null,
        };
        var kernel = new SimulatedKernel([Nic("eth1", 3), holder]);
        var spec = kind == LinkKind.Vlan ? Vlan("eth1", 100) : Vxlan(new VxlanInterfaceSpec { Vni = 42, Remote = "10.0.0.9" });

        var plan = HostLinkPlanner.Plan(Desired(("a", spec)), kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Equal(LinkState.Clash, plan.Links[0].State);
        Assert.Equal(message, plan.Links[0].Message);
    }

    [Fact]
    public void Plan_ParentMissing_PendingAndWaitsForALinkEvent()
    {
        var kernel = new SimulatedKernel([Nic("eth0", 2)]);

        var plan = HostLinkPlanner.Plan(Desired(("a", Vlan("eth7", 100))), kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Equal(PlanVerdict.WaitForLinkEvent, plan.Verdict);
        Assert.Equal((LinkState.Pending, "parent eth7 missing; the link is created when it appears"), (plan.Links[0].State, plan.Links[0].Message));
    }

    [Theory]
    [InlineData("10.0.0.9", 1450, null)]
    [InlineData("10.0.0.9", 1460, "MTU 1460 exceeds parent eth0 MTU 1500 minus 50 bytes of VXLAN overhead (1450)")]
    [InlineData("2001:db8::9", 1430, null)]
    [InlineData("2001:db8::9", 1440, "MTU 1440 exceeds parent eth0 MTU 1500 minus 70 bytes of VXLAN overhead (1430)")]
    public void Plan_VxlanMtuOverParentMinusOverhead_DegradedAndNotCreated(string remote, int mtu, string? error)
    {
        var kernel = new SimulatedKernel([Nic("eth0", 2)]);

        var plan = HostLinkPlanner.Plan(Desired(("a", Vxlan(new VxlanInterfaceSpec { Vni = 42, Parent = "eth0", Remote = remote }, mtu: mtu))), kernel.Links, []);

        Assert.Equal(error is null ? LinkState.Pending : LinkState.Degraded, plan.Links[0].State);
        Assert.Equal(error is null, plan.Steps.Count > 0);
        if (error is not null)
        {
            Assert.Equal(error, plan.Links[0].Message);
        }
    }

    [Fact]
    public void Plan_VlanMtuOverParent_Degraded()
    {
        var kernel = new SimulatedKernel([Nic("eth1", 3)]);

        var plan = HostLinkPlanner.Plan(Desired(("a", Vlan("eth1", 100, mtu: 9000))), kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Equal((LinkState.Degraded, "MTU 9000 exceeds parent eth1 MTU 1500"), (plan.Links[0].State, plan.Links[0].Message));
    }

    [Fact]
    public void Plan_BridgeNameHeldByForeignLink_BridgeClashAndPortWaits()
    {
        var kernel = new SimulatedKernel([Nic("eth1", 3), new ObservedLink("br-x", 70, LinkKind.Bridge)]);

        var plan = HostLinkPlanner.Plan(Desired(("a", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec { Name = "br-x" }))), kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Equal([("br-x", LinkState.Clash), (Vl100, LinkState.Degraded)], plan.Links.Select(l => (l.Name, l.State)));
    }

    [Fact]
    public void Plan_BridgeAloneWithPort_JoinsThePortOrWaitsForIt()
    {
        var desired = Desired(("a", BridgeAlone("eth1", "br-a")));

        var missing = HostLinkPlanner.Plan(desired, new SimulatedKernel([Nic("eth0", 2)]).Links, []);
        var present = HostLinkPlanner.Plan(desired, new SimulatedKernel([Nic("eth1", 3)]).Links, []);

        Assert.Equal(["create bridge br-a", "set br-a up"], missing.Actions.Select(a => a.ToString()));
        Assert.True(missing.Links[0].WaitsForLink);
        Assert.Equal(["create bridge br-a", "set eth1 master br-a", "set br-a up"], present.Actions.Select(a => a.ToString()));
        Assert.Equal([new LinkAction.SetMaster("eth1", null)], present.Steps[1].Inverse);
    }

    [Fact]
    public void Plan_ConflictingDeclarationsOverAnExistingLink_LeftAsItIsAndDegraded()
    {
        var kernel = Converged(Desired(("a", Vlan("eth1", 100, mtu: 1400))));

        var plan = HostLinkPlanner.Plan(Desired(("a", Vlan("eth1", 100, mtu: 1400)), ("b", Vlan("eth1", 100, mtu: 1300))), kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Equal(LinkState.Degraded, plan.Links.Single(l => l.Name == Vl100).State);
        Assert.Equal(["a", "b"], plan.Problems.Select(p => p.Network));
    }
}
