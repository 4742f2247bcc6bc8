using System.Diagnostics.CodeAnalysis;
using System.Net;
using Multi.Core.Annotations;

namespace Multi.Core.Ipam;

/// <summary>
/// The address checks of a pool spec, shared by <see cref="IpPoolLayout"/> and the admission validator so that both say
/// the same thing. Every message names the field and quotes the bad value.
/// </summary>
internal static class IpPoolSpecChecks
{
    public static bool TryCidr(string? text, [NotNullWhen(true)] out IpCidr? cidr, [NotNullWhen(false)] out string? error)
    {
        if (IpCidr.TryParse(text, out cidr, out var problem))
        {
            error = null;
            return true;
        }

        error = $"cidr \"{text}\" {problem}";
        return false;
    }

    /// <summary>A bare address of the pool's family inside its CIDR, as an offset from the network address.</summary>
    public static bool TryOffset(string field, string? text, IpCidr cidr, out UInt128 offset, [NotNullWhen(false)] out string? error)
    {
        offset = 0;
        if (!TryAddress(field, text, cidr, out var address, out error))
        {
            return false;
        }

        if (!cidr.Contains(address))
        {
            error = $"{field} \"{text}\" is outside cidr {cidr}";
            return false;
        }

        offset = IpMath.ToValue(address) - cidr.First;
        return true;
    }

    /// <summary>A bare address of the pool's family (anywhere), e.g. a route's next hop.</summary>
    public static bool TryAddress(string field, string? text, IpCidr cidr, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (text is null || !IpText.TryParseAddress(text, out var parsed) || parsed.IsIPv4MappedToIPv6)
        {
            error = $"{field} \"{text}\" is not an IP address";
            return false;
        }

        if (IpMath.IsV6(parsed) != cidr.IsV6)
        {
            error = $"{field} \"{text}\" is {Family(IpMath.IsV6(parsed))} but cidr {cidr} is {Family(cidr.IsV6)} (one family per pool; dual-stack uses two pools)";
            return false;
        }

        address = parsed;
        error = null;
        return true;
    }

    public static bool TryRange(int index, IpRangeSpec? range, IpCidr cidr, out IpInterval offsets, [NotNullWhen(false)] out string? error)
    {
        offsets = default;
        var field = $"ranges[{index}]";
        if (range is null)
        {
            error = $"{field} is empty";
            return false;
        }

        if (!TryOffset($"{field}.start", range.Start, cidr, out var first, out error) || !TryOffset($"{field}.end", range.End, cidr, out var last, out error))
        {
            return false;
        }

        if (first > last)
        {
            error = $"{field}: start \"{range.Start}\" is after end \"{range.End}\"";
            return false;
        }

        offsets = new IpInterval(first, last);
        return true;
    }

    /// <summary>An exclusion: a CIDR, a single address or an inclusive <c>start-end</c> span, wholly inside the pool's CIDR.</summary>
    public static bool TryExclusion(int index, string? text, IpCidr cidr, out IpInterval offsets, [NotNullWhen(false)] out string? error)
    {
        offsets = default;
        var field = $"exclude[{index}]";
        if (text is not null && text.Contains('/', StringComparison.Ordinal))
        {
            return TryExcludedCidr(field, text, cidr, out offsets, out error);
        }

        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash < 0)
        {
            var single = TryOffset(field, text, cidr, out var offset, out error);
            offsets = new IpInterval(offset, offset);
            return single;
        }

        if (!TryOffset($"{field} start", text![..dash], cidr, out var first, out error) || !TryOffset($"{field} end", text[(dash + 1)..], cidr, out var last, out error))
        {
            return false;
        }

        offsets = new IpInterval(first, last);
        error = first > last ? $"{field} \"{text}\": start is after end" : null;
        return error is null;
    }

    /// <summary>The gateway must be an address of the CIDR that is not its network or broadcast address.</summary>
    public static bool TryGateway(string text, IpCidr cidr, out UInt128 offset, [NotNullWhen(false)] out string? error)
    {
        if (!TryOffset("gateway", text, cidr, out offset, out error))
        {
            return false;
        }

        var at = offset;
        if (IpPoolLayout.ReservedOffsets(cidr).Any(r => r.Contains(at)))
        {
            error = $"gateway \"{text}\" is the {(at == 0 ? "network" : "broadcast")} address of {cidr}";
            return false;
        }

        return true;
    }

    private static bool TryExcludedCidr(string field, string text, IpCidr cidr, out IpInterval offsets, [NotNullWhen(false)] out string? error)
    {
        offsets = default;
        if (!IpCidr.TryParse(text, out var excluded, out var problem))
        {
            error = $"{field} \"{text}\" {problem}";
            return false;
        }

        if (excluded.IsV6 != cidr.IsV6 || excluded.First < cidr.First || excluded.Last > cidr.Last)
        {
            error = $"{field} \"{text}\" is not inside cidr {cidr}";
            return false;
        }

        offsets = new IpInterval(excluded.First - cidr.First, excluded.Last - cidr.First);
        error = null;
        return true;
    }

    private static string Family(bool v6) => v6 ? "IPv6" : "IPv4";
}
