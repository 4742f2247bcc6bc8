namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>A VLAN link's identity: the tag (1–4094) and its protocol. The parent is the link's <c>IFLA_LINK</c>.</summary>
internal sealed record VlanAttributes(ushort Id, VlanProtocol Protocol = VlanProtocol.Dot1Q);
