using System.Globalization;
using System.Text;
using Multi.Core.Annotations;
using Multi.Core.Hashing;

namespace Multi.Core.Networks;

/// <summary>
/// Deterministic names of the links the agent creates (host-interfaces.md, section 3). <c>&lt;hN&gt;</c> is the first N
/// lower-case hex digits of SHA-256 over the UTF-8 canonical identity string (<see cref="VlanIdentity"/>,
/// <see cref="VxlanIdentity"/>, <see cref="BridgeIdentity"/>); every name has at most 15 bytes.
/// </summary>
public static class HostInterfaceNames
{
    /// <summary><c>vl&lt;id&gt;-&lt;h4&gt;</c>, e.g. <c>vl100-9c1e</c>.</summary>
    public static string Vlan(VlanInterfaceSpec vlan)
    {
        ArgumentNullException.ThrowIfNull(vlan);
        return $"vl{Clamp(vlan.Id, 4095)}-{Hex(VlanIdentity(vlan), 4)}";
    }

    /// <summary><c>vx&lt;vni&gt;-&lt;h4&gt;</c>, e.g. <c>vx16777215-0a1b</c> (15 bytes at the largest VNI).</summary>
    public static string Vxlan(VxlanInterfaceSpec vxlan)
    {
        ArgumentNullException.ThrowIfNull(vxlan);
        return $"vx{Clamp(vxlan.Vni, 16777215)}-{Hex(VxlanIdentity(vxlan), 4)}";
    }

    /// <summary>The explicit name when the declaration gives one, else <c>br-&lt;h10&gt;</c> of the network name.</summary>
    public static string Bridge(string networkName, BridgeInterfaceSpec bridge)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        return !string.IsNullOrEmpty(bridge.Name) ? bridge.Name : $"br-{Hex(BridgeIdentity(networkName), 10)}";
    }

    /// <summary>The link the network's NADs name: the bridge if any, else the VLAN/VXLAN link, else master (null without one).</summary>
    public static string? ConsumedInterface(string networkName, ClusterNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var host = spec.HostInterface;
        return host switch
        {
            { Bridge: { } bridge } => Bridge(networkName, bridge),
            { Vlan: { } vlan } => Vlan(vlan),
            { Vxlan: { } vxlan } => Vxlan(vxlan),
            _ => string.IsNullOrEmpty(spec.Master) ? null : spec.Master,
        };
    }

    /// <summary><c>vlan|&lt;parent&gt;|&lt;protocol&gt;</c> with the protocol spelled 802.1Q or 802.1ad (default 802.1Q).</summary>
    public static string VlanIdentity(VlanInterfaceSpec vlan)
    {
        ArgumentNullException.ThrowIfNull(vlan);
        var protocol = string.Equals(vlan.Protocol, VlanInterfaceSpec.Dot1Ad, StringComparison.OrdinalIgnoreCase) ? VlanInterfaceSpec.Dot1Ad : VlanInterfaceSpec.Dot1Q;
        return $"vlan|{vlan.Parent}|{protocol}";
    }

    /// <summary>
    /// <c>vxlan|&lt;parent&gt;|&lt;port&gt;|&lt;peer&gt;</c>: parent empty when absent, port with the 4789 default, peer
    /// <c>group=&lt;ip&gt;</c>, <c>remote=&lt;ip&gt;</c> (canonical address text) or <c>-</c>.
    /// </summary>
    public static string VxlanIdentity(VxlanInterfaceSpec vxlan)
    {
        ArgumentNullException.ThrowIfNull(vxlan);
        var peer = !string.IsNullOrEmpty(vxlan.Group) ? $"group={CanonicalIp(vxlan.Group)}"
            : !string.IsNullOrEmpty(vxlan.Remote) ? $"remote={CanonicalIp(vxlan.Remote)}"
            : "-";
        return string.Create(CultureInfo.InvariantCulture, $"vxlan|{vxlan.Parent}|{vxlan.EffectivePort}|{peer}");
    }

    /// <summary><c>bridge|&lt;network name&gt;</c>.</summary>
    public static string BridgeIdentity(string networkName) => $"bridge|{networkName}";

    /// <summary>The first <paramref name="digits"/> lower-case hex digits of SHA-256 over the UTF-8 of <paramref name="identity"/>.</summary>
    public static string Hex(string identity, int digits)
    {
        Span<byte> hash = stackalloc byte[Sha256.HashSize];
        Sha256.HashData(Encoding.UTF8.GetBytes(identity ?? ""), hash);
        return Convert.ToHexStringLower(hash)[..digits];
    }

    private static string CanonicalIp(string text) => IpText.TryParseAddress(text, out var ip) ? IpText.Canonical(ip) : text;

    /// <summary>Keeps an invalid id from making a name longer than 15 bytes (the validator rejects it anyway).</summary>
    private static string Clamp(int value, int max) => Math.Clamp(value, 0, max).ToString(CultureInfo.InvariantCulture);
}
