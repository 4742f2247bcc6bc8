using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>Removal of links no network needs (host-interfaces.md, section 7) and the replacement of a changed identity (section 6).</summary>
public sealed class HostLinkDeletionTests
{
    private static readonly string Vl100 = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth1", Id = 100 });
    private static readonly string BrBlue = HostInterfaceNames.Bridge("blue", new BridgeInterfaceSpec());

    public static TheoryData<string, (string, ClusterNetworkSpec)[], (string Pod, string Network, string? Interface)[], string[], string?> Cases() => new()
    {
        { "deleted network, no pods", [], [], [$"delete {Vl100}", $"delete {BrBlue}"], null },
        { "unselected network, no pods", [("blue", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec(), nodeSelector: ZoneB))], [], [$"delete {Vl100}", $"delete {BrBlue}"], null },
        { "unselected network, its pod stays", [("blue", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec(), nodeSelector: ZoneB))], [("apps/p1", "blue", null)], [], "no network on this node needs it any more; kept while 1 pod is attached (apps/p1)" },
        { "deleted network, pod attached through the bridge", [], [("apps/p1", "blue", BrBlue)], [], "no network on this node needs it any more; kept while 1 pod is attached (apps/p1)" },
        { "pods of another network do not count", [], [("apps/p1", "green", "eth0")], [$"delete {Vl100}", $"delete {BrBlue}"], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_NetworkGone_LinksRemovedOnlyWithoutAttachedPods(string what, (string, ClusterNetworkSpec)[] networks, (string Pod, string Network, string? Interface)[] pods, string[] actions, string? message)
    {
        var kernel = Converged(Desired(("blue", Vlan("eth1", 100, bridge: new BridgeInterfaceSpec()))));

        var plan = HostLinkPlanner.Plan(Desired(networks), kernel.Links, [.. pods.Select(p => new PodAttachment(p.Pod, p.Network, p.Interface))]);

        Assert.Equal(actions, plan.Actions.Select(a => a.ToString()));
        if (message is not null)
        {
            Assert.Equal(message, plan.Links.Single(l => l.Name == Vl100).Message);
        }

        _ = what;
    }

    [Fact]
    public void Plan_SharedLinkOneNetworkRemoved_KeptForTheOther()
    {
        var kernel = Converged(Desired(("a", Vlan("eth1", 100)), ("b", Vlan("eth1", 100))));

        var plan = HostLinkPlanner.Plan(Desired(("b", Vlan("eth1", 100))), kernel.Links, []);

        Assert.Empty(plan.Steps);
        Assert.Equal(LinkState.Ready, plan.Links[0].State);
        Assert.Equal(["b"], plan.Links[0].Networks);
    }

    [Fact]
    public void Plan_ManyPodsAttached_CountExactAndNamesBounded()
    {
        var kernel = Converged(Desired(("blue", Vlan("eth1", 100))));
        var pods = Enumerable.Range(0, 25).Select(i => new PodAttachment($"apps/p{i:D2}", "blue", Vl100)).ToArray();

        var plan = HostLinkPlanner.Plan(NodeDesiredState.Empty, kernel.Links, pods);

        var outcome = Assert.Single(plan.Links);
        Assert.Empty(plan.Steps);
        Assert.Equal(25, outcome.AttachedPods);
        Assert.Equal(HostLinkPlanner.PodSample, outcome.PodSample.Count);
        Assert.EndsWith("kept while 25 pods are attached (apps/p00, apps/p01, apps/p02, apps/p03, apps/p04, apps/p05, apps/p06, apps/p07, apps/p08, apps/p09, …)", outcome.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, new[] { "delete vx42-OLD", "create vxlan vx42-NEW", "set vx42-NEW up" })]
    [InlineData(true, new string[0])]
    public void Plan_IdentityChangedInTheDeclaration_OldLinkReplacedOnceFree(bool podOnOld, string[] actions)
    {
        var before = new VxlanInterfaceSpec { Vni = 42, Remote = "10.0.0.1" };
        var after = new VxlanInterfaceSpec { Vni = 42, Remote = "10.0.0.2" };
        var kernel = Converged(Desired(("red", Vxlan(before))));
        var (oldName, newName) = (HostInterfaceNames.Vxlan(before), HostInterfaceNames.Vxlan(after));

        var plan = HostLinkPlanner.Plan(Desired(("red", Vxlan(after))), kernel.Links, podOnOld ? [new PodAttachment("apps/p1", "red-old", oldName)] : []);

        Assert.Equal(actions.Select(a => a.Replace("vx42-OLD", oldName, StringComparison.Ordinal).Replace("vx42-NEW", newName, StringComparison.Ordinal)), plan.Actions.Select(a => a.ToString()));
        Assert.Equal(LinkState.Pending, plan.Links.Single(l => l.Name == newName).State);
        if (podOnOld)
        {
            Assert.StartsWith($"VXLAN 42 port 4789 is still held by link {oldName}", plan.Links.Single(l => l.Name == newName).Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, string[], string[]> RaisedParents() => new()
    {
        { "no link needs it any more", "gone", ["delete vl5-PARENT", "set eth0 down"], [] },
        { "still declared", "kept", [], ["eth0"] },
        { "kept for an attached pod", "pod", [], ["eth0"] },
        { "brought down by someone else", "down", ["delete vl5-PARENT"], [] },
        { "the parent is gone", "vanished", [], [] },
    };

    [Theory]
    [MemberData(nameof(RaisedParents))]
    public void Plan_RaisedParent_GoesBackDownOnlyWhenNothingNeedsIt(string what, string situation, string[] actions, string[] record)
    {
        var vl5 = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth0", Id = 5 });
        var desired = Desired(("a", Vlan("eth0", 5)));
        var kernel = new SimulatedKernel([Nic("eth0", 2, up: false)]);
        var first = HostLinkPlanner.Plan(desired, kernel.Links, []);
        kernel.ApplyAll(first.Actions);
        if (situation == "down")
        {
            kernel.Apply(new LinkAction.SetDown("eth0"));
        }

        var plan = situation switch
        {
            "kept" => HostLinkPlanner.Plan(desired, kernel.Links, [], first.RaisedParents),
            "pod" => HostLinkPlanner.Plan(NodeDesiredState.Empty, kernel.Links, [new PodAttachment("apps/p1", "a", vl5)], first.RaisedParents),
            "vanished" => HostLinkPlanner.Plan(NodeDesiredState.Empty, [], [], first.RaisedParents),
            _ => HostLinkPlanner.Plan(NodeDesiredState.Empty, kernel.Links, [], first.RaisedParents),
        };

        Assert.Equal(["eth0"], first.RaisedParents);
        Assert.Equal(actions.Select(a => a.Replace("vl5-PARENT", vl5, StringComparison.Ordinal)), plan.Actions.Select(a => a.ToString()));
        Assert.Equal(record, plan.RaisedParents);
        _ = what;
    }
}
