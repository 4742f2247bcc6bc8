using System.Net;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// A VXLAN link's attributes. <see cref="Group"/> is the multicast group or the single unicast remote: iproute2 and the
/// kernel carry both in <c>IFLA_VXLAN_GROUP</c>/<c>GROUP6</c>. An IPv4 address encodes as the 4-byte attribute, an IPv6
/// one as the 16-byte <c>*6</c> attribute. Null means "not sent" in a request and "not reported" in a reply (the kernel
/// omits the parent, local and group when unset).
/// </summary>
internal sealed record VxlanAttributes(uint Vni, ushort Port)
{
    public int? ParentIndex { get; init; }

    public IPAddress? Local { get; init; }

    public IPAddress? Group { get; init; }

    public bool? Learning { get; init; }

    public byte? Ttl { get; init; }

    public uint? AgeingSeconds { get; init; }

    public VxlanPortRange? SourcePorts { get; init; }

    public bool? UdpChecksum { get; init; }
}
