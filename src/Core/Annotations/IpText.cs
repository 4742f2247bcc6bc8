using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Multi.Core.Annotations;

/// <summary>
/// Strict IP text handling for annotations: dotted-quad IPv4 without leading zeros, IPv6 without zone, optional
/// CIDR prefix. Stricter than <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>, which accepts "1" or "0x1".
/// </summary>
public static class IpText
{
    /// <summary>Parses a bare address.</summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.AsSpan().ContainsAnyExcept(V6Characters) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        Span<byte> octets = stackalloc byte[4];
        var rest = text.AsSpan();
        for (var i = 0; i < 4; i++)
        {
            var dot = rest.IndexOf('.');
            if ((i < 3) == (dot < 0) || !TryOctet(i < 3 ? rest[..dot] : rest, out octets[i]))
            {
                return false;
            }

            rest = i < 3 ? rest[(dot + 1)..] : [];
        }

        address = new IPAddress(octets);
        return true;
    }

    /// <summary>Parses a bare address or <c>address/prefix</c>; the prefix must fit the family.</summary>
    public static bool TryParseAddressOrCidr(string text, out IPAddress address, out int? prefix)
    {
        prefix = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return TryParseAddress(text, out address);
        }

        if (!TryParseAddress(text[..slash], out address))
        {
            return false;
        }

        var bits = text[(slash + 1)..];
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (bits.Length is 0 or > 3 || bits.AsSpan().ContainsAnyExceptInRange('0', '9') || int.Parse(bits, CultureInfo.InvariantCulture) > max)
        {
            return false;
        }

        prefix = int.Parse(bits, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Canonical text: dotted quad, or RFC 5952 for IPv6 (lower case, longest zero run compressed), no zone.</summary>
    public static string Canonical(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        return address.ToString();
    }

    /// <summary>The canonical address of a result's CIDR text; text that does not parse is returned unchanged.</summary>
    public static string CanonicalAddressOf(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var bare = slash < 0 ? cidr : cidr[..slash];
        return IPAddress.TryParse(bare, out var ip) ? Canonical(ip) : bare;
    }

    /// <summary>The canonical <c>address/prefix</c> of a result's CIDR text (prefix kept as given).</summary>
    public static string CanonicalCidr(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? CanonicalAddressOf(cidr) : $"{CanonicalAddressOf(cidr)}{cidr[slash..]}";
    }

    public static bool IsV6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;

    private static readonly System.Buffers.SearchValues<char> V6Characters = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:.");

    /// <summary>1 to 3 decimal digits without a leading zero, at most 255.</summary>
    private static bool TryOctet(ReadOnlySpan<char> part, out byte octet)
    {
        octet = 0;
        if (part.Length is < 1 or > 3 || part.ContainsAnyExceptInRange('0', '9') || (part.Length > 1 && part[0] == '0'))
        {
            return false;
        }

        var value = 0;
        foreach (var c in part)
        {
            value = (value * 10) + (c - '0');
        }

        octet = (byte)value;
        return value <= 255;
    }
}
