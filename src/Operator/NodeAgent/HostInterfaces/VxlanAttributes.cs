using Multi.Core.Annotations;
using Multi.Core.Networks;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// A VXLAN link's attributes. <see cref="Peer"/> is the kernel's single IFLA_VXLAN_GROUP/GROUP6 (a multicast group or a
/// unicast remote) and <see cref="Local"/> the source, both in canonical address text. Desired values that are null are
/// not stated by the declaration and are neither programmed nor compared; the observed side reports what the kernel has.
/// Identity (re-create to change): VNI, port, peer, local, source ports, UDP checksum. In place: learning, TTL, ageing.
/// </summary>
internal sealed record VxlanAttributes(int Vni, int Port)
{
    public string? Peer { get; init; }

    public string? Local { get; init; }

    public bool? Learning { get; init; }

    public int? Ttl { get; init; }

    public int? Ageing { get; init; }

    public int? SourcePortLow { get; init; }

    public int? SourcePortHigh { get; init; }

    public bool? UdpChecksum { get; init; }

    /// <summary>True when the underlay is IPv6 (peer or local), which costs 70 bytes of MTU instead of 50.</summary>
    public bool Ipv6Underlay => (Peer ?? Local) is { } ip && ip.Contains(':', StringComparison.Ordinal);

    public static VxlanAttributes From(VxlanInterfaceSpec spec) => new(spec.Vni, spec.EffectivePort)
    {
        Peer = Canonical(spec.Group ?? spec.Remote),
        Local = Canonical(spec.Local),
        Learning = spec.Learning,
        Ttl = spec.Ttl,
        Ageing = spec.Ageing,
        SourcePortLow = spec.SourcePortLow,
        SourcePortHigh = spec.SourcePortHigh,
        UdpChecksum = spec.UdpChecksum,
    };

    /// <summary>The identity attributes of <paramref name="observed"/> that differ from the stated ones of this (desired) value.</summary>
    public IEnumerable<string> IdentityDrift(VxlanAttributes observed)
    {
        if (Vni != observed.Vni)
        {
            yield return DriftText.Change("vni", Vni, observed.Vni);
        }

        if (Port != observed.Port)
        {
            yield return DriftText.Change("port", Port, observed.Port);
        }

        if (Peer != observed.Peer)
        {
            yield return DriftText.Change("group/remote", Peer, observed.Peer);
        }

        if (Local is not null && Local != observed.Local)
        {
            yield return DriftText.Change("local", Local, observed.Local);
        }

        if ((SourcePortLow is not null && SourcePortLow != observed.SourcePortLow) || (SourcePortHigh is not null && SourcePortHigh != observed.SourcePortHigh))
        {
            yield return DriftText.Change("source ports", $"{SourcePortLow}-{SourcePortHigh}", $"{observed.SourcePortLow}-{observed.SourcePortHigh}");
        }

        if (UdpChecksum is not null && UdpChecksum != observed.UdpChecksum)
        {
            yield return DriftText.Change("udp checksum", UdpChecksum, observed.UdpChecksum);
        }
    }

    private static string? Canonical(string? text) => text is null ? null : IpText.TryParseAddress(text, out var ip) ? IpText.Canonical(ip) : text;
}
