namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>Attribute types nested in <c>IFLA_LINKINFO</c>, <c>IFLA_INFO_*</c>.</summary>
internal static class IflaInfo
{
    public const ushort Kind = 1;
    public const ushort Data = 2;
    public const ushort SlaveKind = 4;
}
