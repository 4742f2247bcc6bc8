namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>The <c>nlmsg_flags</c> bits (linux/netlink.h). GET and NEW requests give the high bits different meanings.</summary>
internal static class NetlinkFlags
{
    public const ushort Request = 0x1;
    public const ushort Multi = 0x2;
    public const ushort Ack = 0x4;
    public const ushort DumpInterrupted = 0x10;

    // GET requests
    public const ushort Root = 0x100;
    public const ushort Match = 0x200;
    public const ushort Dump = Root | Match;

    // NEW requests
    public const ushort Replace = 0x100;
    public const ushort Exclusive = 0x200;
    public const ushort Create = 0x400;

    // NLMSG_ERROR replies: the echoed request is only its header; extended-ack attributes follow
    public const ushort Capped = 0x100;
    public const ushort AckTlvs = 0x200;
}
