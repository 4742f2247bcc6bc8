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
            if (!text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4 || !parts.All(IsOctet))
        {
            return false;
        }

        address = IPAddress.Parse(text);
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
        if (bits.Length is 0 or > 3 || !bits.All(char.IsAsciiDigit) || int.Parse(bits, CultureInfo.InvariantCulture) > max)
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

    private static bool IsOctet(string part) =>
        part.Length is >= 1 and <= 3 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0') && int.Parse(part, CultureInfo.InvariantCulture) <= 255;
}
