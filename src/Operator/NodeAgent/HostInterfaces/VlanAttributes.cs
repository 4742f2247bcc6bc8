namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>A VLAN link's identity on its parent: the id and the protocol, spelled 802.1Q or 802.1ad.</summary>
internal sealed record VlanAttributes(int Id, string Protocol);
