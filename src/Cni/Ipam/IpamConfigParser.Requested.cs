using System.Collections.Immutable;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Annotations;

namespace Multi.Cni.Ipam;

/// <summary>
/// The static request: <c>runtimeConfig.ips</c>, else <c>args.cni.ips</c>, else <c>IP</c> in <c>CNI_ARGS</c>, the order
/// of the reference <c>static</c> IPAM plugin (a later, higher source replaces the whole list; docs/ipam.md). Sources are
/// never merged, so one request never holds two addresses of a family from different sources.
/// </summary>
internal static partial class IpamConfigParser
{
    private const string RuntimeConfigIps = "\"runtimeConfig.ips\"";
    private const string ArgsCniIps = "\"args.cni.ips\"";
    private const string CniArgsIp = "\"IP\" in CNI_ARGS";

    /// <summary>
    /// Every source present is validated, also one a higher source overrides: a typo must not hide behind another source.
    /// An empty list (or an empty <c>IP=</c>) counts as absent, as in the static plugin.
    /// </summary>
    private static ImmutableArray<IpamRequestedAddress> Requested(JsonObject netconf, string? cniArgsIp)
    {
        var runtime = netconf["runtimeConfig"] is JsonObject r ? Addresses(RuntimeConfigIps, JsonEntries(RuntimeConfigIps, r["ips"])) : [];
        var args = netconf["args"] is JsonObject a && a["cni"] is JsonObject cni ? Addresses(ArgsCniIps, JsonEntries(ArgsCniIps, cni["ips"])) : [];

        // Entries are trimmed as the static plugin does ("IP=10.1.0.5/24, 2001:db8::5").
        var env = string.IsNullOrEmpty(cniArgsIp) ? [] : Addresses(CniArgsIp, cniArgsIp.Split(',').Select(e => e.Trim()));
        return !runtime.IsEmpty ? runtime : !args.IsEmpty ? args : env;
    }

    private static IEnumerable<string> JsonEntries(string source, JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new FormatException($"{source} must hold only strings")),
        _ => throw new FormatException($"{source} must be an array of strings"),
    };

    /// <summary>
    /// Bare or CIDR addresses, at most one per family: the model is one address per pool, and a pool has one family
    /// (<see cref="IpamAdd"/> uses the first address of each family, so a second one would be dropped silently).
    /// </summary>
    private static ImmutableArray<IpamRequestedAddress> Addresses(string source, IEnumerable<string> entries)
    {
        var result = ImmutableArray.CreateBuilder<IpamRequestedAddress>();
        foreach (var text in entries)
        {
            if (text.Length == 0)
            {
                throw new FormatException($"{source} has an empty entry");
            }

            if (!IpText.TryParseAddressOrCidr(text, out var address, out var prefix))
            {
                throw new FormatException($"{source} entry \"{text}\" is not an address or CIDR");
            }

            if (address.IsIPv4MappedToIPv6)
            {
                throw new FormatException($"{source} entry \"{text}\" is an IPv4-mapped IPv6 address; write IPv4 addresses in dotted-quad form");
            }

            if (result.FirstOrDefault(r => r.Address.AddressFamily == address.AddressFamily) is { } same)
            {
                var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                throw new FormatException($"{source} requests two {family} addresses, \"{same.Text}\" and \"{text}\": at most one address per family (one per pool)");
            }

            result.Add(new IpamRequestedAddress(address, prefix, text));
        }

        return result.ToImmutable();
    }
}
