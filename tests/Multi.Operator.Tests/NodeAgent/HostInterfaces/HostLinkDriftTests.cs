using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>Each kind of drift of a link we own: repaired in place, re-created, or reported (host-interfaces.md, sections 5 and 6).</summary>
public sealed class HostLinkDriftTests
{
    private static readonly VxlanInterfaceSpec Red = new() { Vni = 42, Parent = "eth0", Remote = "10.0.0.9", Ttl = 8 };
    private static readonly string Vx = HostInterfaceNames.Vxlan(Red);
    private static readonly string Br = HostInterfaceNames.Bridge("red", new BridgeInterfaceSpec());

    private static NodeDesiredState RedDesired() => Desired(("red", Vxlan(Red, mtu: 1400, bridge: new BridgeInterfaceSpec())));

    private static readonly Dictionary<string, Func<ObservedLink, ObservedLink>> Changes = new()
    {
        ["mtu"] = l => l with { Mtu = 1300 },
        ["down"] = l => l with { AdminUp = false, OperState = "down" },
        ["master removed"] = l => l with { Master = null },
        ["stale marker"] = l => l with { Alias = HostLinkMarker.For(new HostLinkSpec(Vx, LinkKind.Vxlan) { Parent = "eth0", Vxlan = VxlanAttributes.From(Red) }.Identity, "old spec").ToString() },
        ["ttl"] = l => l with { Vxlan = l.Vxlan! with { Ttl = 64 } },
        ["vni changed"] = l => l with { Vxlan = l.Vxlan! with { Vni = 43 } },
        ["port changed"] = l => l with { Vxlan = l.Vxlan! with { Port = 8472 } },
        ["remote changed"] = l => l with { Vxlan = l.Vxlan! with { Peer = "10.0.0.8" } },
        ["parent re-created"] = l => l with { ParentIndex = 77 },
        ["alias removed: no longer provably ours"] = l => l with { Alias = null },
        ["alias replaced by hand"] = l => l with { Alias = "uplink" },
    };

    public static TheoryData<string, string, string[]> Drifts() => new()
    {
        { "mtu", "Pending", [$"set {Vx} mtu 1400"] },
        { "down", "Pending", [$"set {Vx} up"] },
        { "master removed", "Pending", [$"set {Vx} master {Br}"] },
        { "stale marker", "Pending", [$"set {Vx} alias \"{RedDesired().Links.Single(d => d.Spec.Name == Vx).Spec.Marker}\""] },
        { "ttl", "Pending", [$"set {Vx} ttl 8"] },
        { "vni changed", "Pending", [$"delete {Vx}", $"create vxlan {Vx} on eth0 mtu 1400", $"set {Vx} master {Br}", $"set {Vx} up"] },
        { "port changed", "Pending", [$"delete {Vx}", $"create vxlan {Vx} on eth0 mtu 1400", $"set {Vx} master {Br}", $"set {Vx} up"] },
        { "remote changed", "Pending", [$"delete {Vx}", $"create vxlan {Vx} on eth0 mtu 1400", $"set {Vx} master {Br}", $"set {Vx} up"] },
        { "parent re-created", "Pending", [$"delete {Vx}", $"create vxlan {Vx} on eth0 mtu 1400", $"set {Vx} master {Br}", $"set {Vx} up"] },
        { "alias removed: no longer provably ours", "Clash", [] },
        { "alias replaced by hand", "Clash", [] },
    };

    [Theory]
    [MemberData(nameof(Drifts))]
    public void Plan_DriftOfOurLink_RepairedRecreatedOrReported(string drift, string expectedState, string[] actions)
    {
        var state = Enum.Parse<LinkState>(expectedState);
        var kernel = Converged(RedDesired());
        kernel.Put(Changes[drift](kernel[Vx]));

        var plan = HostLinkPlanner.Plan(RedDesired(), kernel.Links, []);
        kernel.ApplyAll(plan.Actions);

        Assert.Equal(actions, plan.Actions.Select(a => a.ToString()));
        Assert.Equal(state, plan.Links.Single(l => l.Name == Vx).State);
        Assert.Equal(state == LinkState.Pending, HostLinkPlanner.Plan(RedDesired(), kernel.Links, []).Links.All(l => l.State == LinkState.Ready));
    }

    [Fact]
    public void Plan_LinkDeleted_RecreatedAndJoined()
    {
        var kernel = Converged(RedDesired());
        kernel.Remove(Vx);

        var plan = HostLinkPlanner.Plan(RedDesired(), kernel.Links, []);

        Assert.Equal([$"create vxlan {Vx} on eth0 mtu 1400", $"set {Vx} master {Br}", $"set {Vx} up"], plan.Actions.Select(a => a.ToString()));
    }

    [Theory]
    [InlineData("vni", 43)]
    [InlineData("port", 8472)]
    public void Plan_IdentityDriftWithPodsAttached_DegradedAndLeftAsItIs(string attribute, int value)
    {
        var kernel = Converged(RedDesired());
        var link = kernel[Vx];
        kernel.Put(link with { Vxlan = attribute == "vni" ? link.Vxlan! with { Vni = value } : link.Vxlan! with { Port = value } });

        var plan = HostLinkPlanner.Plan(RedDesired(), kernel.Links, [new PodAttachment("apps/p1", "red")]);

        Assert.Empty(plan.Steps);
        var outcome = plan.Links.Single(l => l.Name == Vx);
        Assert.Equal(LinkState.Degraded, outcome.State);
        Assert.StartsWith($"identity drift ({attribute} {value} → ", outcome.Message, StringComparison.Ordinal);
        Assert.EndsWith("while 1 pod is attached (apps/p1); the link is left as it is until they are gone", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ParentMtuChangedWithDerivedMtu_FollowsTheParent()
    {
        var desired = Desired(("a", Vlan("eth1", 100)));
        var kernel = Converged(desired);
        kernel.Put(kernel["eth1"] with { Mtu = 1500 });

        var plan = HostLinkPlanner.Plan(desired, kernel.Links, []);

        Assert.Equal([$"set {HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth1", Id = 100 })} mtu 1500"], plan.Actions.Select(a => a.ToString()));
        Assert.Contains("mtu 9000 → 1500", plan.Links[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Mixed_AdditiveOrderCreateThenRepairThenRecreateThenJoinUpAndRemoveLast()
    {
        var old = Desired(("gone", Vlan("eth1", 300)), ("red", Vxlan(Red, mtu: 1400, bridge: new BridgeInterfaceSpec())));
        var kernel = Converged(old);
        kernel.Put(kernel["eth0"] with { AdminUp = false });
        kernel.Put(kernel[Br] with { Mtu = 1300 });
        kernel.Put(kernel[Vx] with { Vxlan = kernel[Vx].Vxlan! with { Vni = 1 } });
        var desired = Desired(("red", Vxlan(Red, mtu: 1400, bridge: new BridgeInterfaceSpec())), ("new", Vlan("eth0", 5)));

        var plan = HostLinkPlanner.Plan(desired, kernel.Links, []);

        var vl5 = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth0", Id = 5 });
        var vl300 = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = "eth1", Id = 300 });
        Assert.Equal(
            ["set eth0 up", $"create vlan {vl5} on eth0 mtu 1500", $"set {Br} mtu 1400", $"delete {Vx}", $"create vxlan {Vx} on eth0 mtu 1400", $"set {Vx} master {Br}", $"set {vl5} up", $"set {Vx} up", $"delete {vl300}"],
            plan.Actions.Select(a => a.ToString()));
    }

    [Fact]
    public void Plan_VxlanWithoutParentGainedOne_Recreated()
    {
        var spec = new VxlanInterfaceSpec { Vni = 9, Remote = "10.0.0.9" };
        var desired = Desired(("blue", Vxlan(spec)));
        var kernel = Converged(desired);
        var name = HostInterfaceNames.Vxlan(spec);
        kernel.Put(kernel[name] with { ParentIndex = 2, ParentName = "eth0" });

        var plan = HostLinkPlanner.Plan(desired, kernel.Links, []);

        Assert.Equal([$"delete {name}", $"create vxlan {name}", $"set {name} up"], plan.Actions.Select(a => a.ToString()));
        Assert.Equal("re-created: identity drift (parent index 2 → (none))", plan.Links[0].Message);
    }
}
