namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>The UDP source-port range of a VXLAN link (<c>IFLA_VXLAN_PORT_RANGE</c>).</summary>
internal sealed record VxlanPortRange(ushort Low, ushort High);
