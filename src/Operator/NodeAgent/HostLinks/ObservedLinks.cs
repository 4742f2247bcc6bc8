using Multi.Core.Annotations;
using Multi.Operator.NodeAgent.HostInterfaces;
using Multi.Operator.NodeAgent.Netlink;
using Planned = Multi.Operator.NodeAgent.HostInterfaces;
using Wire = Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// Maps a link dump (<see cref="LinkInfo"/>) to what the planner reads (<see cref="ObservedLink"/>): kinds by name, parent
/// and master indexes to names through the same dump (a parent in another namespace has no name here), a VXLAN's parent
/// from <c>IFLA_VXLAN_LINK</c> (the kernel sends no <c>IFLA_LINK</c> for it), addresses in canonical text.
/// </summary>
internal static class ObservedLinks
{
    public static IReadOnlyList<ObservedLink> From(IReadOnlyList<LinkInfo> dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var names = dump.GroupBy(l => l.Index).ToDictionary(g => g.Key, g => g.First().Name);
        return [.. dump.Select(link => From(link, names))];
    }

    private static ObservedLink From(LinkInfo link, Dictionary<int, string> names)
    {
        var kind = KindOf(link.Kind);
        var parentIndex = kind == LinkKind.Vxlan ? link.Vxlan?.ParentIndex : link.ParentIndex;
        var localParent = kind == LinkKind.Vxlan || link.ParentNetnsId is null;
        return new ObservedLink(link.Name, link.Index, kind)
        {
            Mtu = (int)link.Mtu,
            AdminUp = link.IsUp,
            OperState = link.OperState.ToString().ToLowerInvariant(),
            Alias = link.Alias,
            ParentIndex = parentIndex,
            ParentName = parentIndex is { } p && localParent && names.TryGetValue(p, out var parent) ? parent : null,
            Master = link.MasterIndex is { } m && names.TryGetValue(m, out var master) ? master : null,
            Vlan = link.Vlan is { } vlan ? new Planned.VlanAttributes(vlan.Id, ProtocolText(vlan.Protocol)) : null,
            Vxlan = link.Vxlan is { } vxlan ? Vxlan(vxlan) : null,
        };
    }

    public static LinkKind KindOf(string? kind) => kind switch
    {
        LinkKinds.Vlan => LinkKind.Vlan,
        LinkKinds.Vxlan => LinkKind.Vxlan,
        LinkKinds.Bridge => LinkKind.Bridge,
        _ => LinkKind.Other,
    };

    public static string ProtocolText(VlanProtocol protocol) =>
        protocol == VlanProtocol.Dot1AD ? Multi.Core.Networks.VlanInterfaceSpec.Dot1Ad : Multi.Core.Networks.VlanInterfaceSpec.Dot1Q;

    private static Planned.VxlanAttributes Vxlan(Wire.VxlanAttributes vxlan) => new((int)vxlan.Vni, vxlan.Port)
    {
        Peer = vxlan.Group is { } group ? IpText.Canonical(group) : null,
        Local = vxlan.Local is { } local ? IpText.Canonical(local) : null,
        Learning = vxlan.Learning,
        Ttl = vxlan.Ttl,
        Ageing = vxlan.AgeingSeconds is { } ageing ? (int)ageing : null,
        SourcePortLow = vxlan.SourcePorts?.Low,
        SourcePortHigh = vxlan.SourcePorts?.High,
        UdpChecksum = vxlan.UdpChecksum,
    };
}
