using System.Net;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;

namespace Multi.Core.Annotations;

/// <summary>
/// Checks after a delegate ADD that requested IPs and MAC were applied (npwg-behaviour.md, section 7,
/// [beyond Multus]). A mismatch is code 106 naming the value and the capability the delegate would need.
/// </summary>
public static class RequestVerifier
{
    /// <param name="interfaceMac">The MAC read from the pod interface, used when the result has none.</param>
    public static Outcome<RequestVerification> Verify(NetworkSelection selection, NetworkConfigList network, string ifName, CniResult result, string? interfaceMac = null)
    {
        var declared = RuntimeConfigFilter.Declared(network.Plugins).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ips = result.Ips.IsDefault ? [] : result.Ips;
        foreach (var requested in selection.Ips)
        {
            if (!ips.Any(ip => Matches(requested, ip.Address)))
            {
                var got = ips.IsEmpty ? "none" : string.Join(", ", ips.Select(ip => IpText.CanonicalCidr(ip.Address)));
                return NotApplied(selection, ifName, $"requested IP {requested} is not in the delegate's result (result addresses: {got})", "ips", "IP", declared);
            }
        }

        if (selection.Mac is not { } mac)
        {
            return Outcome<RequestVerification>.Ok(new RequestVerification(false));
        }

        var actual = ResultMac(result, ifName) ?? (string.IsNullOrEmpty(interfaceMac) ? null : interfaceMac);
        if (actual is null)
        {
            return Outcome<RequestVerification>.Ok(new RequestVerification(true));
        }

        return HardwareAddress.Normalise(actual) == HardwareAddress.Normalise(mac)
            ? Outcome<RequestVerification>.Ok(new RequestVerification(false))
            : NotApplied(selection, ifName, $"requested MAC {mac} was not applied (interface has {actual})", "mac", "MAC", declared);
    }

    private static string? ResultMac(CniResult result, string ifName)
    {
        var interfaces = result.Interfaces.IsDefault ? [] : result.Interfaces;
        var iface = interfaces.FirstOrDefault(i => i.Name == ifName && !string.IsNullOrEmpty(i.Sandbox))
            ?? interfaces.FirstOrDefault(i => i.Name == ifName);
        return string.IsNullOrEmpty(iface?.Mac) ? null : iface.Mac;
    }

    /// <summary>Address equal after canonicalisation; the prefix only when one was requested.</summary>
    private static bool Matches(string requested, string resultCidr)
    {
        if (!IpText.TryParseAddressOrCidr(requested, out var wanted, out var wantedPrefix))
        {
            return false;
        }

        var slash = resultCidr.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? resultCidr : resultCidr[..slash], out var actual) || IpText.Canonical(actual) != IpText.Canonical(wanted))
        {
            return false;
        }

        return wantedPrefix is null || (slash >= 0 && int.TryParse(resultCidr.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) && prefix == wantedPrefix);
    }

    private static Outcome<RequestVerification> NotApplied(NetworkSelection selection, string ifName, string what, string capability, string cniArg, HashSet<string> declared)
    {
        var hint = declared.Contains(capability)
            ? $"the delegate declares the \"{capability}\" capability but did not apply it"
            : $"the delegate does not declare the \"{capability}\" capability and did not honour CNI_ARGS {cniArg}";
        return Outcome<RequestVerification>.Fail(CniErrorCode.RequestNotApplied, $"network {selection.QualifiedName} ({ifName}): {what}; {hint}");
    }
}
