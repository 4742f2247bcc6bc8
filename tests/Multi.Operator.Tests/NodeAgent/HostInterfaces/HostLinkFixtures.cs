using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>Declarations and observed links the planner tests share.</summary>
internal static class HostLinkFixtures
{
    public static readonly IReadOnlyDictionary<string, string> ZoneA = new Dictionary<string, string> { ["zone"] = "a" };
    public static readonly IReadOnlyDictionary<string, string> ZoneB = new Dictionary<string, string> { ["zone"] = "b" };

    public static ClusterNetworkSpec Vlan(string parent, int id, int? mtu = null, BridgeInterfaceSpec? bridge = null, IReadOnlyDictionary<string, string>? nodeSelector = null, string? protocol = null) => new()
    {
        Type = bridge is null ? ClusterNetworkTypes.Macvlan : ClusterNetworkTypes.Bridge,
        HostInterface = new HostInterfaceSpec { Vlan = new VlanInterfaceSpec { Parent = parent, Id = id, Protocol = protocol }, Mtu = mtu, Bridge = bridge },
        NodeSelector = nodeSelector,
        Namespaces = ["default"],
    };

    public static ClusterNetworkSpec Vxlan(VxlanInterfaceSpec vxlan, int? mtu = null, BridgeInterfaceSpec? bridge = null, IReadOnlyDictionary<string, string>? nodeSelector = null) => new()
    {
        Type = bridge is null ? ClusterNetworkTypes.Macvlan : ClusterNetworkTypes.Bridge,
        HostInterface = new HostInterfaceSpec { Vxlan = vxlan, Mtu = mtu, Bridge = bridge },
        NodeSelector = nodeSelector,
        Namespaces = ["default"],
    };

    public static ClusterNetworkSpec BridgeAlone(string? port, string? name = null) => new()
    {
        Type = ClusterNetworkTypes.Bridge,
        Master = port,
        HostInterface = new HostInterfaceSpec { Bridge = new BridgeInterfaceSpec { Name = name } },
        Namespaces = ["default"],
    };

    /// <summary>A physical NIC: kind other, up, no alias.</summary>
    public static ObservedLink Nic(string name, int index, int mtu = 1500, bool up = true) =>
        new(name, index, LinkKind.Other) { Mtu = mtu, AdminUp = up, OperState = up ? "up" : "down" };

    public static NodeDesiredState Desired(params (string Name, ClusterNetworkSpec Spec)[] networks) =>
        NodeDesiredStateBuilder.Compute(networks, ZoneA);

    /// <summary>The kernel after applying the plan for <paramref name="desired"/> to NICs eth0 (index 2) and eth1 (index 3).</summary>
    public static SimulatedKernel Converged(NodeDesiredState desired, params ObservedLink[] extra)
    {
        var kernel = new SimulatedKernel([Nic("eth0", 2), Nic("eth1", 3, 9000), .. extra]);
        kernel.ApplyAll(HostLinkPlanner.Plan(desired, kernel.Links, []).Actions);
        return kernel;
    }
}
