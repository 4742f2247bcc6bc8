using System.Text;
using k8s;
using Multi.Core.Networks;
using Multi.Operator.Entities;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>The NodeNetworkState status is stable (same input, same bytes), sorted, bounded and says what is wrong.</summary>
public sealed class NodeNetworkStateStatusBuilderTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddMinutes(5);

    private static HostLinkPlan ConvergedPlan(params (string, ClusterNetworkSpec)[] networks)
    {
        var desired = Desired(networks);
        return HostLinkPlanner.Plan(desired, Converged(desired).Links, []);
    }

    private static string Bytes(NodeNetworkStateStatus status) => KubernetesJson.Serialize(status);

    [Fact]
    public void Build_SameInput_ByteIdenticalAndTransitionTimeKept()
    {
        var plan = ConvergedPlan(("b", Vlan("eth1", 100)), ("a", Vxlan(new VxlanInterfaceSpec { Vni = 7, Parent = "eth0" }, bridge: new BridgeInterfaceSpec())));
        var first = NodeNetworkStateStatusBuilder.Build(plan, null, null, T0);

        var second = NodeNetworkStateStatusBuilder.Build(plan, null, first, T1);
        var reordered = NodeNetworkStateStatusBuilder.Build(plan with { Links = [.. plan.Links.Reverse()] }, null, first, T1);

        Assert.Equal(Bytes(first), Bytes(second));
        Assert.Equal(Bytes(first), Bytes(reordered));
        Assert.Equal(plan.Links.Select(l => l.Name).Order(StringComparer.Ordinal), first.Links.Select(l => l.Name));
        Assert.Equal("3/3", first.Summary);
        Assert.Equal(["a", "b"], first.ReadyNetworks);
    }

    [Fact]
    public void Build_StatusChanges_NewTransitionTime()
    {
        var ready = ConvergedPlan(("a", Vlan("eth1", 100)));
        var first = NodeNetworkStateStatusBuilder.Build(ready, null, null, T0);
        var pending = HostLinkPlanner.Plan(Desired(("a", Vlan("eth7", 100))), [], []);

        var second = NodeNetworkStateStatusBuilder.Build(pending, null, first, T1);

        Assert.Equal(T0, first.Conditions.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal(T1, second.Conditions.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal(T0, second.Conditions.Single(c => c.Type == "Degraded").LastTransitionTime);
    }

    public static TheoryData<string, string, string, string, string> Conditions() => new()
    {
        { "all ready", "eth1", "", "True/LinksReady", "False/None" },
        { "parent missing", "eth7", "", "False/Pending", "False/None" },
        { "foreign link", "eth1", "foreign", "False/Clash", "True/Clash" },
        { "mtu over the parent", "eth1", "mtu", "False/Degraded", "True/Degraded" },
        { "conflicting declarations", "eth1", "conflict", "False/Conflict", "True/Conflict" },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Build_LinkStates_ReadyAndDegradedConditions(string what, string parent, string trouble, string ready, string degraded)
    {
        var kernel = new SimulatedKernel([Nic("eth1", 3)]);
        var name = HostInterfaceNames.Vlan(new VlanInterfaceSpec { Parent = parent, Id = 100 });
        if (trouble == "foreign")
        {
            kernel.Put(new ObservedLink(name, 40, LinkKind.Vlan));
        }

        NodeDesiredState desired = trouble switch
        {
            "mtu" => Desired(("a", Vlan(parent, 100, mtu: 1600))),
            "conflict" => Desired(("a", Vlan(parent, 100, mtu: 1400)), ("b", Vlan(parent, 100))),
            _ => Desired(("a", Vlan(parent, 100))),
        };
        kernel.ApplyAll(HostLinkPlanner.Plan(desired, kernel.Links, []).Actions);

        var status = NodeNetworkStateStatusBuilder.Build(HostLinkPlanner.Plan(desired, kernel.Links, []), null, null, T0);

        Assert.Equal(ready, Condition(status, "Ready"));
        Assert.Equal(degraded, Condition(status, "Degraded"));
        Assert.Equal(trouble == "" && parent == "eth1" ? ["a"] : [], status.ReadyNetworks);
        _ = what;
    }

    [Fact]
    public void Build_ThousandsOfLinks_BoundedFarBelow256KiBWithTroubleFirst()
    {
        var links = Enumerable.Range(0, 5000).Select(i => new LinkOutcome($"vl{i}-abcd", LinkKind.Vlan, i % 1000 == 7 ? LinkState.Degraded : LinkState.Ready, new string('x', 2000))
        {
            Networks = [$"network-{i}", $"network-{i + 1}"],
            AttachedPods = 300,
            PodSample = [.. Enumerable.Range(0, 10).Select(p => $"apps/pod-{p}")],
            Observed = Nic($"vl{i}-abcd", i + 10) with { Kind = LinkKind.Vlan, ParentName = "enp175s0f1np1", Vlan = new VlanAttributes(i % 4094 + 1, "802.1Q") },
        }).ToList();
        var plan = new HostLinkPlan([], links, [.. Enumerable.Range(0, 500).Select(i => new NetworkProblem($"n{i}", "x", new string('p', 3000)))]);

        var status = NodeNetworkStateStatusBuilder.Build(plan, new string('e', 5000), null, T0);

        var size = Encoding.UTF8.GetByteCount(Bytes(status));
        Assert.True(size < 200 * 1024, $"{size} bytes");
        Assert.Equal(NodeNetworkStateStatusBuilder.MaxLinks, status.Links.Count);
        Assert.Equal(5, status.Links.Count(l => l.State == "Degraded"));
        Assert.Equal("4995/5000", status.Summary);
        Assert.Equal(NodeNetworkStateStatusBuilder.MaxError, status.LastError!.Length);
        Assert.All(status.Links, l => Assert.True(l.Message is null || l.Message.Length <= NodeNetworkStateStatusBuilder.MaxMessage));
        Assert.Equal(NodeNetworkStateStatusBuilder.MaxProblems, status.Problems.Count);
        Assert.Equal(status.Links.Select(l => l.Name).Order(StringComparer.Ordinal), status.Links.Select(l => l.Name));
    }

    [Fact]
    public void Build_ObservedLink_KeyAttributesPublished()
    {
        var plan = ConvergedPlan(("a", Vxlan(new VxlanInterfaceSpec { Vni = 7, Parent = "eth0", Port = 4790 })));

        var link = Assert.Single(NodeNetworkStateStatusBuilder.Build(plan, null, null, T0).Links);

        Assert.Equal(("vxlan", "Ready", "eth0", 1450, true, 7, 4790, (string?)null), (link.Kind, link.State, link.Parent, link.Mtu, link.Up, link.Vni, link.Port, link.Message));
        Assert.Equal(["a"], link.Networks);
    }

    private static string Condition(NodeNetworkStateStatus status, string type) =>
        status.Conditions.Single(c => c.Type == type) is var c ? $"{c.Status}/{c.Reason}" : "";
}
