using CsCheck;
using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;
using static Multi.Operator.Tests.NodeAgent.HostInterfaces.HostLinkFixtures;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>
/// For random declarations, a random earlier state of the node (converged for other declarations, then drifted) and random
/// attached pods: the plan applies to a simulated kernel without breaking a kernel rule, one pass converges (a second
/// plan has no steps), and rolling the whole plan back restores the links as they were.
/// </summary>
public sealed class HostLinkPlannerPropertyTests
{
    private static readonly string[] NetworkNames = ["n0", "n1", "n2", "n3", "n4"];

    private static readonly Gen<ClusterNetworkSpec> VlanSpecs = Gen.Select(
        Gen.OneOf("eth0", "eth1", "eth9"), Gen.OneOf(10, 20), Gen.OneOf<int?>(null, 1400, 9500), Bridges(), Gen.OneOf<IReadOnlyDictionary<string, string>?>(null, ZoneA, ZoneB),
        (parent, id, mtu, bridge, selector) => Vlan(parent, id, mtu, bridge, selector));

    private static readonly Gen<ClusterNetworkSpec> VxlanSpecs = Gen.Select(
        Gen.Select(Gen.OneOf(5, 6), Gen.OneOf<string?>(null, "eth0"), Gen.OneOf<string?>(null, "10.0.0.1", "2001:db8::1"), Gen.OneOf<int?>(null, 8472)),
        Gen.Select(Gen.OneOf<int?>(null, 8), Gen.OneOf<bool?>(null, false), Gen.OneOf<int?>(null, 1400, 1480)),
        Bridges(),
        (a, b, bridge) => Vxlan(new VxlanInterfaceSpec { Vni = a.Item1, Parent = a.Item2, Remote = a.Item3, Port = a.Item4, Ttl = b.Item1, Learning = b.Item2 }, b.Item3, bridge));

    private static readonly Gen<ClusterNetworkSpec> Specs = Gen.Frequency(
        (4, VlanSpecs), (4, VxlanSpecs), (1, Gen.OneOf("eth1", "eth9").Select(port => BridgeAlone(port, "br-s"))));

    private static readonly Gen<(string, ClusterNetworkSpec)[]> Networks =
        Gen.Select(Gen.Shuffle(NetworkNames), Specs.Array[5], Gen.Int[0, 5], (names, specs, count) => names.Zip(specs).Take(count).ToArray());

    private static readonly Gen<PodAttachment[]> Pods = Gen.OneOf(NetworkNames).Array[0, 3]
        .Select(networks => networks.Select((network, i) => new PodAttachment($"apps/p{i}", network)).ToArray());

    /// <summary>0 none, 1 MTU, 2 down, 3 deleted, 4 stale marker, 5 master removed, 6 VNI moved out of the way, 7 TTL.</summary>
    private static readonly Gen<int[]> Drifts = Gen.Int[0, 7].Array[12];

    private static Gen<BridgeInterfaceSpec?> Bridges() => Gen.OneOf<BridgeInterfaceSpec?>(null, null, new BridgeInterfaceSpec(), new BridgeInterfaceSpec { Name = "br-s" });

    [Fact]
    public void Plan_RandomDeclarationsAndDrift_ConvergesInOnePassAndRollsBack()
    {
        Gen.Select(Networks, Networks, Drifts, Pods, Gen.Bool).Sample((before, after, drifts, pods, eth0Up) =>
        {
            var kernel = new SimulatedKernel([Nic("eth0", 2, up: eth0Up), Nic("eth1", 3, 9000)]);
            var earlier = HostLinkPlanner.Plan(NodeDesiredStateBuilder.Compute(before, ZoneA), kernel.Links, []);
            kernel.ApplyAll(earlier.Actions);
            Drift(kernel, drifts);
            var observed = kernel.Links;
            var desired = NodeDesiredStateBuilder.Compute(after, ZoneA);

            var plan = HostLinkPlanner.Plan(desired, observed, pods, earlier.RaisedParents);
            kernel.ApplyAll(plan.Actions);
            var again = HostLinkPlanner.Plan(desired, kernel.Links, pods, plan.RaisedParents);
            kernel.ApplyAll(plan.Rollback(plan.Steps.Count));

            Assert.Empty(again.Steps);
            Assert.Equal(plan.RaisedParents, again.RaisedParents);
            Assert.All(again.Links, l => Assert.True(l.State != LinkState.Pending || l.WaitsForLink || l.AttachedPods > 0 || l.Message.Contains("still held", StringComparison.Ordinal), $"{l.Name}: {l.Message}"));
            Assert.Equal(Shape(observed), Shape(kernel.Links));
        }, iter: 2000);
    }

    [Fact]
    public void Plan_SameInput_SamePlan()
    {
        Gen.Select(Networks, Networks, Pods).Sample((before, after, pods) =>
        {
            var kernel = Converged(NodeDesiredStateBuilder.Compute(before, ZoneA));
            var desired = NodeDesiredStateBuilder.Compute(after, ZoneA);

            var first = HostLinkPlanner.Plan(desired, kernel.Links, pods);
            var second = HostLinkPlanner.Plan(desired, [.. kernel.Links.Reverse()], [.. pods.Reverse()]);

            Assert.Equal(first.Actions, second.Actions);
            Assert.Equal(first.Links.Select(l => (l.Name, l.State, l.Message)), second.Links.Select(l => (l.Name, l.State, l.Message)));
        }, iter: 500);
    }

    private static void Drift(SimulatedKernel kernel, int[] drifts)
    {
        var owned = kernel.Links.Where(l => HostLinkMarker.TryParse(l.Alias, out _)).Select(l => l.Name).ToList();
        foreach (var (name, drift) in owned.Zip(drifts))
        {
            if (!kernel.Has(name))
            {
                continue;
            }

            var link = kernel[name];
            HostLinkMarker.TryParse(link.Alias, out var marker);
            kernel.Put(drift switch
            {
                1 => link with { Mtu = link.Mtu - 8 },
                2 => link with { AdminUp = false, OperState = "down" },
                4 => link with { Alias = (marker! with { SpecHash = "000000000000" }).ToString() },
                5 => link with { Master = null },
                6 when link.Vxlan is not null => link with { Vxlan = link.Vxlan with { Vni = link.Vxlan.Vni + 1000 } },
                7 when link.Vxlan is not null => link with { Vxlan = link.Vxlan with { Ttl = 99 } },
                _ => link,
            });
            if (drift == 3)
            {
                kernel.Apply(new LinkAction.Delete(name));
            }
        }
    }

    /// <summary>What a rollback must restore: every attribute but the index, which a re-created link gets anew.</summary>
    private static List<string> Shape(IEnumerable<ObservedLink> links) =>
        [.. links.Select(l => $"{l.Name} {l.Kind} mtu={l.Mtu} up={l.AdminUp} alias={l.Alias} parent={l.ParentName} master={l.Master} {l.Vlan} {l.Vxlan}").Order(StringComparer.Ordinal)];
}
