namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>Top-level link attribute types, <c>IFLA_*</c> (linux/if_link.h), and the interface flag this codec uses.</summary>
internal static class Ifla
{
    public const ushort Address = 1;
    public const ushort IfName = 3;
    public const ushort Mtu = 4;
    public const ushort Link = 5;
    public const ushort Master = 10;
    public const ushort OperState = 16;
    public const ushort LinkInfo = 18;
    public const ushort IfAlias = 20;
    public const ushort LinkNetnsId = 37;

    /// <summary><c>IFF_UP</c> in <c>ifi_flags</c>: the administrative state.</summary>
    public const uint InterfaceUp = 0x1;

    /// <summary>The longest interface name in bytes (<c>IFNAMSIZ</c> − 1).</summary>
    public const int MaxNameBytes = 15;

    /// <summary>The longest alias in bytes (<c>IFALIASZ</c> − 1).</summary>
    public const int MaxAliasBytes = 255;
}
