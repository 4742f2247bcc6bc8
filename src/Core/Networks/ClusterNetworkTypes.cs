namespace Multi.Core.Networks;

/// <summary>The CNI plugins a ClusterNetwork renders and the modes each accepts.</summary>
public static class ClusterNetworkTypes
{
    public const string Macvlan = "macvlan";
    public const string Ipvlan = "ipvlan";
    public const string Bridge = "bridge";
    public const string HostDevice = "host-device";
    public const string Sriov = "sriov";
    public const string Vlan = "vlan";

    public static IReadOnlyList<string> All { get; } = [Macvlan, Ipvlan, Bridge, HostDevice, Sriov, Vlan];

    public static IReadOnlyList<string> MacvlanModes { get; } = ["bridge", "private", "vepa", "passthru", "source"];

    public static IReadOnlyList<string> IpvlanModes { get; } = ["l2", "l3", "l3s"];

    /// <summary>The modes of <paramref name="type"/>; empty for a type without modes.</summary>
    public static IReadOnlyList<string> ModesOf(string? type) => type switch
    {
        Macvlan => MacvlanModes,
        Ipvlan => IpvlanModes,
        _ => [],
    };

    /// <summary>Types whose NAD names a link: macvlan, ipvlan and vlan (master), host-device (device), bridge (bridge).</summary>
    public static bool NeedsLink(string? type) => type is Macvlan or Ipvlan or Vlan or HostDevice or Bridge;

    /// <summary>Types whose rendered config carries <c>mtu</c>.</summary>
    public static bool TakesMtu(string? type) => type is Macvlan or Ipvlan or Vlan or Bridge;

    /// <summary>The vlanId range of <paramref name="type"/>, or null when the type has no VLAN tag.</summary>
    public static (int Min, int Max)? VlanRange(string? type) => type switch
    {
        Vlan or Bridge => (1, 4094),
        Sriov => (0, 4094),
        _ => null,
    };
}
