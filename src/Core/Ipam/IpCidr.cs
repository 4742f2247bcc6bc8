using System.Diagnostics.CodeAnalysis;
using System.Net;
using Multi.Core.Annotations;

namespace Multi.Core.Ipam;

/// <summary>
/// A strictly parsed CIDR: canonical network address and prefix length. Host bits must be zero and IPv4-mapped IPv6
/// addresses are refused, so two equal prefixes always have equal text (<see cref="ToString"/>).
/// </summary>
public sealed record IpCidr(IPAddress Network, int PrefixLength)
{
    public bool IsV6 => IpMath.IsV6(Network);

    internal UInt128 First => IpMath.ToValue(Network);

    internal UInt128 HostMask => IpMath.HostMask(PrefixLength, IsV6);

    internal UInt128 Last => First | HostMask;

    /// <summary>
    /// Parses <c>address/prefix</c>. On failure <paramref name="error"/> completes a sentence that starts with the quoted
    /// text, for example <c>has host bits set; did you mean 10.0.0.0/24?</c>.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IpCidr? cidr, [NotNullWhen(false)] out string? error)
    {
        cidr = null;
        if (text is null || !text.Contains('/', StringComparison.Ordinal) || !IpText.TryParseAddressOrCidr(text, out var address, out var prefix))
        {
            error = "is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24 or 2001:db8::/64)";
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            error = "is an IPv4-mapped IPv6 prefix; write IPv4 prefixes in dotted-quad form";
            return false;
        }

        var v6 = IpMath.IsV6(address);
        var value = IpMath.ToValue(address);
        var network = value & ~IpMath.HostMask(prefix!.Value, v6);
        var canonical = new IpCidr(IpMath.ToAddress(network, v6), prefix.Value);
        if (network != value)
        {
            error = $"has host bits set; did you mean {canonical}?";
            return false;
        }

        cidr = canonical;
        error = null;
        return true;
    }

    /// <summary>True when the address is of the same family and inside the prefix.</summary>
    public bool Contains(IPAddress address) =>
        IpMath.IsV6(address) == IsV6 && !address.IsIPv4MappedToIPv6 && (IpMath.ToValue(address) & ~HostMask) == First;

    /// <summary>Two prefixes of one family overlap exactly when one contains the other.</summary>
    public bool Overlaps(IpCidr other) =>
        other.IsV6 == IsV6 && First <= other.Last && other.First <= Last;

    public override string ToString() => $"{IpText.Canonical(Network)}/{PrefixLength}";
}
