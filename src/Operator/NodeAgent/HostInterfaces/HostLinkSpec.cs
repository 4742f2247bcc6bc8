using System.Globalization;
using Multi.Core.Networks;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// The desired settings of one host link, as every network that needs it must state them to share it. <see cref="Mtu"/>
/// null derives it from the parent (<see cref="HostInterfaceMtu"/>); <see cref="Master"/> is the bridge the link is a
/// port of; <see cref="Port"/> is, for a bridge alone, an existing (unmanaged) link the bridge takes as its port.
/// </summary>
internal sealed record HostLinkSpec(string Name, LinkKind Kind)
{
    public string? Parent { get; init; }

    public int? Mtu { get; init; }

    public string? Master { get; init; }

    public string? Port { get; init; }

    public VlanAttributes? Vlan { get; init; }

    public VxlanAttributes? Vxlan { get; init; }

    /// <summary>What the kernel allows once per host: <c>vlan &lt;protocol&gt; &lt;id&gt; on &lt;parent&gt;</c>, <c>vxlan vni &lt;vni&gt; port &lt;port&gt;</c>; null for a bridge.</summary>
    public string? KernelKey => Kind switch
    {
        LinkKind.Vlan => Text($"VLAN {Vlan!.Id} ({Vlan.Protocol}) on {Parent}"),
        LinkKind.Vxlan => Text($"VXLAN {Vxlan!.Vni} port {Vxlan.Port}"),
        _ => null,
    };

    /// <summary>The canonical identity hashed into the marker's <c>id</c>: kind, name and the attributes only re-creation changes.</summary>
    public string Identity => Kind switch
    {
        LinkKind.Vlan => Text($"vlan|{Name}|{Parent}|{Vlan!.Protocol}|{Vlan.Id}"),
        LinkKind.Vxlan => Text($"vxlan|{Name}|{Parent}|{Vxlan!.Vni}|{Vxlan.Port}|{Vxlan.Peer}|{Vxlan.Local}|{Vxlan.SourcePortLow}-{Vxlan.SourcePortHigh}|{Vxlan.UdpChecksum}"),
        _ => Text($"bridge|{Name}"),
    };

    /// <summary>The canonical desired attributes hashed into the marker's <c>spec</c>: the identity plus every in-place attribute.</summary>
    public string Canonical => Text($"{Identity}|mtu={Mtu}|master={Master}|port={Port}|learning={Vxlan?.Learning}|ttl={Vxlan?.Ttl}|ageing={Vxlan?.Ageing}");

    public HostLinkMarker Marker => HostLinkMarker.For(Identity, Canonical);

    /// <summary>The settings two declarations of the same link disagree on, as "name a vs b".</summary>
    public IReadOnlyList<string> Differences(HostLinkSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Fields();
        var theirs = other.Fields();
        return [.. mine.Where(f => theirs[f.Key] != f.Value).Select(f => $"{f.Key} {f.Value ?? "(unset)"} vs {theirs[f.Key] ?? "(unset)"}")];
    }

    private Dictionary<string, string?> Fields() => new(StringComparer.Ordinal)
    {
        ["kind"] = Kind.ToString().ToLowerInvariant(),
        ["parent"] = Parent,
        ["mtu"] = Mtu?.ToString(CultureInfo.InvariantCulture),
        ["bridge"] = Master,
        ["port"] = Port,
        ["vlan"] = Vlan?.ToString(),
        ["vxlan"] = Vxlan?.ToString(),
    };

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
