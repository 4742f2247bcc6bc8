namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>Attribute types nested in <c>IFLA_INFO_DATA</c> of a <c>vxlan</c> link, <c>IFLA_VXLAN_*</c>.</summary>
internal static class IflaVxlan
{
    public const ushort Id = 1;
    public const ushort Group = 2;
    public const ushort Link = 3;
    public const ushort Local = 4;
    public const ushort Ttl = 5;
    public const ushort Learning = 7;
    public const ushort Ageing = 8;

    /// <summary>Two big-endian u16: the low and high UDP source port.</summary>
    public const ushort PortRange = 10;

    /// <summary>The UDP destination port, big-endian (<c>__be16</c>).</summary>
    public const ushort Port = 15;
    public const ushort Group6 = 16;
    public const ushort Local6 = 17;
    public const ushort UdpChecksum = 18;
}
