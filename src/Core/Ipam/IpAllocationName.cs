using System.Diagnostics.CodeAnalysis;
using System.Net;
using Multi.Core.Annotations;

namespace Multi.Core.Ipam;

/// <summary>
/// The object name of an IPAllocation: <c>&lt;pool&gt;.&lt;ip-token&gt;</c>. The pool name is a DNS-1123 label (no dots); the
/// token is the dotted quad for IPv4 and the fully expanded 32 lower-case hex digits for IPv6 (never the compressed
/// text: <c>::</c> would produce <c>--</c> or a leading/trailing '-'). The name is therefore a valid DNS-1123 subdomain of
/// at most 63 + 1 + 32 characters, injective in (pool, address), and read back by splitting at the first dot.
/// </summary>
public static class IpAllocationName
{
    /// <summary>The claim name; creating it is the lock on the address.</summary>
    /// <exception cref="ArgumentException">The pool is not a DNS-1123 label or the address is IPv4-mapped IPv6.</exception>
    public static string Format(string pool, IPAddress address)
    {
        if (!KubeNames.IsDns1123Label(pool))
        {
            throw new ArgumentException($"pool name \"{pool}\" is not a DNS-1123 label", nameof(pool));
        }

        if (address.IsIPv4MappedToIPv6)
        {
            throw new ArgumentException($"address {address} is IPv4-mapped IPv6", nameof(address));
        }

        return IpMath.IsV6(address)
            ? $"{pool}.{Convert.ToHexStringLower(address.GetAddressBytes())}"
            : $"{pool}.{IpText.Canonical(address)}";
    }

    /// <summary>Reads a name produced by <see cref="Format"/> back; false for any other text.</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out string? pool, [NotNullWhen(true)] out IPAddress? address)
    {
        pool = null;
        address = null;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !KubeNames.IsDns1123Label(name[..dot]) || !TryParseToken(name[(dot + 1)..], out var parsed))
        {
            return false;
        }

        pool = name[..dot];
        address = parsed;
        return true;
    }

    private static bool TryParseToken(string token, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (token.Length == 32 && token.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            var parsed = new IPAddress(Convert.FromHexString(token));
            address = parsed.IsIPv4MappedToIPv6 ? null : parsed;
            return address is not null;
        }

        if (!token.Contains(':', StringComparison.Ordinal) && IpText.TryParseAddress(token, out var v4))
        {
            address = v4;
            return true;
        }

        return false;
    }
}
