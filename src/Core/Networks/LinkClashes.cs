namespace Multi.Core.Networks;

/// <summary>
/// Admission's view of host-interfaces.md, section 9 (clashes with CNI plugins). The kernel allows one VLAN device per
/// (parent, VLAN ID) in whatever namespace it lives, and the CNI <c>vlan</c> plugin creates one per pod and moves it into
/// the pod; macvlan and ipvlan cannot share a parent. NADs carry no node selector, so any node may meet any network.
/// </summary>
public static class LinkClashes
{
    /// <summary>The networks whose agent-managed VLAN is (<paramref name="master"/>, <paramref name="vlanId"/>).</summary>
    public static IReadOnlyList<string> ManagedVlanOwners(IEnumerable<(string Name, ClusterNetworkSpec Spec)> networks, string master, int vlanId) =>
        [.. networks.Where(n => n.Spec.HostInterface?.Vlan is { } vlan && vlan.Parent == master && vlan.Id == vlanId).Select(n => n.Name).Order(StringComparer.Ordinal)];

    /// <summary>A vlan plugin on a VLAN that <paramref name="owners"/> manage: the refusal (or warning) text.</summary>
    public static string VlanClash(LinkUse use, IReadOnlyList<string> owners) =>
        $"{use.Plugin}: the vlan plugin's master {use.Master} and vlanId {use.VlanId} are the VLAN that ClusterNetwork {string.Join(", ", owners)} manages on its nodes; " +
        "the kernel allows one VLAN device per parent and ID, and the vlan plugin moves its own into each pod, so the two clash: attach through the network's NAD, or use another VLAN ID";

    /// <summary>What every vlan-plugin NAD is told (section 9).</summary>
    public static string OnePodPerNode(LinkUse use) =>
        $"{use.Plugin}: a vlan NAD serves at most one pod per node for master {use.Master} and VLAN {use.VlanId} (the kernel allows one VLAN device per parent and ID, and the vlan plugin moves it into the pod)";

    /// <summary>The other macvlan/ipvlan users of <paramref name="use"/>'s master, as warnings; none for a vlan use.</summary>
    public static IEnumerable<string> ParentTypeMix(LinkUse use, IEnumerable<(string Who, LinkUse Use)> others)
    {
        var other = use.Type switch
        {
            ClusterNetworkTypes.Macvlan => ClusterNetworkTypes.Ipvlan,
            ClusterNetworkTypes.Ipvlan => ClusterNetworkTypes.Macvlan,
            _ => null,
        };
        if (other is null)
        {
            return [];
        }

        var sharing = others.Where(o => o.Use.Type == other && o.Use.Master == use.Master).Select(o => o.Who).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return sharing.Count == 0
            ? []
            : [$"{use.Plugin}: macvlan and ipvlan cannot share parent {use.Master}, which {string.Join(", ", sharing.Take(5))}{(sharing.Count > 5 ? $" and {sharing.Count - 5} more" : "")} use{(sharing.Count == 1 ? "s" : "")} with {other} (ipvlan pods also cannot reach the host through their parent)"];
    }
}
