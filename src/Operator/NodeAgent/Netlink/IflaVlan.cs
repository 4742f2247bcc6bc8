namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>Attribute types nested in <c>IFLA_INFO_DATA</c> of a <c>vlan</c> link, <c>IFLA_VLAN_*</c>.</summary>
internal static class IflaVlan
{
    public const ushort Id = 1;

    /// <summary>The tag's ethertype, big-endian (<c>__be16</c>).</summary>
    public const ushort Protocol = 5;
}
