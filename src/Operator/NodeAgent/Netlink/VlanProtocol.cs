namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>The ethertype of a VLAN tag, as the kernel stores it in <c>IFLA_VLAN_PROTOCOL</c>.</summary>
internal enum VlanProtocol : ushort
{
    Dot1Q = 0x8100,
    Dot1AD = 0x88A8,
}
