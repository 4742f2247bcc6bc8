using System.Net.NetworkInformation;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// A link as the kernel reports it (an <c>RTM_NEWLINK</c> reply, dump entry or notification). <see cref="Kind"/> is null
/// for a device without <c>IFLA_LINKINFO</c> (a physical NIC, loopback); <see cref="Vlan"/> and <see cref="Vxlan"/> are
/// filled for those kinds only; other kinds (veth, macvlan, …) are known by name.
/// </summary>
internal sealed record LinkInfo(int Index, string Name)
{
    public string? Kind { get; init; }

    public uint Mtu { get; init; }

    /// <summary>The raw <c>ifi_flags</c> (<c>IFF_*</c>).</summary>
    public uint Flags { get; init; }

    public bool IsUp => (Flags & Ifla.InterfaceUp) != 0;

    public LinkOperState OperState { get; init; }

    /// <summary><c>IFLA_IFALIAS</c>; null when the link has none. Multi keeps its ownership marker here.</summary>
    public string? Alias { get; init; }

    /// <summary><c>IFLA_LINK</c>: the parent's index (for a veth, the peer's index, possibly in another namespace).</summary>
    public int? ParentIndex { get; init; }

    /// <summary><c>IFLA_LINK_NETNSID</c>: set when <see cref="ParentIndex"/> refers to another network namespace.</summary>
    public int? ParentNetnsId { get; init; }

    /// <summary><c>IFLA_MASTER</c>: the bridge (or other master) this link is a port of.</summary>
    public int? MasterIndex { get; init; }

    public PhysicalAddress? Mac { get; init; }

    public VlanAttributes? Vlan { get; init; }

    public VxlanAttributes? Vxlan { get; init; }
}
