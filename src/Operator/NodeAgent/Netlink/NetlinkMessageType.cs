namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>The <c>nlmsg_type</c> values this codec reads and writes (linux/netlink.h, linux/rtnetlink.h).</summary>
internal static class NetlinkMessageType
{
    public const ushort Noop = 1;
    public const ushort Error = 2;
    public const ushort Done = 3;
    public const ushort Overrun = 4;
    public const ushort NewLink = 16;
    public const ushort DelLink = 17;
    public const ushort GetLink = 18;
    public const ushort SetLink = 19;
}
