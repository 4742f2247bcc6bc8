using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>Every step carries its inverse; a failure after k steps undoes them in reverse order (host-interfaces.md, section 6).</summary>
public sealed class HostLinkRollbackTests
{
    private static readonly string Vl100 = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth1", Id = 100 });
    private static readonly string BrBlue = HostInterfaceNames.Bridge("blue", new BridgeInterfaceSpec());

    [Fact]
    public void Rollback_AfterCreates_InversesInReverseOrder()
    {
        var kernel = new SimulatedKernel([Nic("eth1", 3, up: false)]);
        var plan = HostLinkPlanner.Plan(Desired(("blue", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec()))), kernel.Links, []);

        Assert.Equal(
            [$"set {Vl100} nomaster", $"delete {Vl100}", $"delete {BrBlue}", "set eth1 down"],
            plan.Rollback(4).Select(a => a.ToString()));
        Assert.Empty(plan.Rollback(0));
    }

    [Fact]
    public void Rollback_OfRepairs_RestoresThePreviousValues()
    {
        var desired = Desired(("blue", Vlan("eth1", 100, mtu: 1400)));
        var kernel = Converged(desired);
        var alias = kernel[Vl100].Alias;
        kernel.Put(kernel[Vl100] with { Mtu = 1200, AdminUp = false, Master = "br-x" });
        kernel.Put(new ObservedLink("br-x", 90, LinkKind.Bridge));

        var plan = HostLinkPlanner.Plan(desired, kernel.Links, []);

        Assert.Equal([$"set {Vl100} mtu 1400", $"set {Vl100} nomaster", $"set {Vl100} up"], plan.Actions.Select(a => a.ToString()));
        Assert.Equal([$"set {Vl100} down", $"set {Vl100} master br-x", $"set {Vl100} mtu 1200"], plan.Rollback(3).Select(a => a.ToString()));
        Assert.Equal(alias, kernel[Vl100].Alias);
    }

    [Fact]
    public void Rollback_OfADeletion_RecreatesTheLinkAsObserved()
    {
        var kernel = Converged(Desired(("blue", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec()))));
        var before = kernel.Links;
        var plan = HostLinkPlanner.Plan(NodeDesiredState.Empty, kernel.Links, []);

        kernel.ApplyAll(plan.Actions);
        kernel.ApplyAll(plan.Rollback(plan.Steps.Count));

        Assert.Equal(
            before.Select(l => (l.Name, l.Kind, l.Mtu, l.AdminUp, l.Alias, l.ParentName, l.Master, l.Vlan)).Order(),
            kernel.Links.Select(l => (l.Name, l.Kind, l.Mtu, l.AdminUp, l.Alias, l.ParentName, l.Master, l.Vlan)).Order());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(99)]
    public void Rollback_OutsideTheSteps_Throws(int completed)
    {
        var plan = HostLinkPlanner.Plan(Desired(("a", Vlan("eth1", 100))), new SimulatedKernel([Nic("eth1", 3)]).Links, []);

        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => plan.Rollback(completed));
    }
}
