namespace Multi.Operator.NodeAgent.Netlink;

/// <summary><c>IFLA_OPERSTATE</c> (RFC 2863 operational status, linux/if.h <c>IF_OPER_*</c>).</summary>
internal enum LinkOperState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
}
