using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Cni.Results;

/// <summary>
/// Reads results of every supported version into the 1.1 shape and writes them in any version
/// (cni-protocol.md, section 5).
/// </summary>
public static partial class ResultCodec
{
    /// <summary>
    /// Parses a delegate's stdout. A result without (or with an empty) <c>cniVersion</c> is read as
    /// <paramref name="fallbackVersion"/>, the version of the config that was sent.
    /// </summary>
    public static Outcome<CniResult> Parse(ReadOnlySpan<byte> json, string fallbackVersion)
    {
        JsonNode? node;
        try
        {
            node = Json.Parse(json);
        }
        catch (JsonException ex)
        {
            return Outcome<CniResult>.Fail(CniErrorCode.DecodingFailure, "result is not valid JSON", ex.Message);
        }

        return node is JsonObject obj ? Parse(obj, fallbackVersion) : Outcome<CniResult>.Fail(CniErrorCode.DecodingFailure, "result is not a JSON object");
    }

    public static Outcome<CniResult> Parse(JsonObject obj, string fallbackVersion)
    {
        string? version;
        try
        {
            version = Json.GetString(obj, "cniVersion");
        }
        catch (FormatException ex)
        {
            return Outcome<CniResult>.Fail(CniErrorCode.DecodingFailure, "result is malformed", ex.Message);
        }

        if (string.IsNullOrEmpty(version))
        {
            version = fallbackVersion;
        }

        if (!CniVersion.IsSupported(version))
        {
            return Outcome<CniResult>.Fail(CniErrorCode.IncompatibleVersion, $"result version {version} is not supported", $"supported: {CniVersion.SupportedList}");
        }

        try
        {
            return Outcome<CniResult>.Ok(CniVersion.IsLegacy(version) ? ParseLegacy(obj, version) : ParseCurrent(obj, version));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
        {
            return Outcome<CniResult>.Fail(CniErrorCode.DecodingFailure, $"result of version {version} is malformed", ex.Message);
        }
    }

    private static CniResult ParseCurrent(JsonObject obj, string version)
    {
        var interfaces = Json.Array(obj, "interfaces").Select(n => ReadInterface(Json.AsObject(n, "interfaces[]"))).ToImmutableArray();
        var ips = Json.Array(obj, "ips").Select(n => ReadIp(Json.AsObject(n, "ips[]"))).ToImmutableArray();
        var routes = Json.Array(obj, "routes").Select(n => ReadRoute(Json.AsObject(n, "routes[]"))).ToImmutableArray();
        return new CniResult(version, interfaces, ips, routes, ReadDns(obj["dns"]));
    }

    private static CniResult ParseLegacy(JsonObject obj, string version)
    {
        var ips = ImmutableArray.CreateBuilder<CniIpConfig>();
        var routes = ImmutableArray.CreateBuilder<CniRoute>();
        foreach (var key in new[] { "ip4", "ip6" })
        {
            if (obj[key] is not JsonObject family)
            {
                continue;
            }

            ips.Add(new CniIpConfig(Json.RequireString(family, "ip"), Json.GetString(family, "gateway")));
            routes.AddRange(Json.Array(family, "routes").Select(n => ReadRoute(Json.AsObject(n, $"{key}.routes[]"))));
        }

        return new CniResult(version, [], ips.ToImmutable(), routes.ToImmutable(), ReadDns(obj["dns"]));
    }

    private static CniInterface ReadInterface(JsonObject o) => new(
        Json.GetString(o, "name") ?? string.Empty,
        Json.GetString(o, "mac"),
        Json.GetInt(o, "mtu"),
        Json.GetString(o, "sandbox"),
        Json.GetString(o, "socketPath"),
        Json.GetString(o, "pciID"));

    private static CniIpConfig ReadIp(JsonObject o) => new(Json.RequireString(o, "address"), Json.GetString(o, "gateway"), Json.GetInt(o, "interface"));

    private static CniRoute ReadRoute(JsonObject o) => new(
        Json.RequireString(o, "dst"),
        Json.GetString(o, "gw"),
        Json.GetInt(o, "mtu"),
        Json.GetInt(o, "advmss"),
        Json.GetInt(o, "priority"),
        Json.GetInt(o, "table"),
        Json.GetInt(o, "scope"));

    private static CniDns? ReadDns(JsonNode? node)
    {
        if (node is not JsonObject o)
        {
            return null;
        }

        var dns = new CniDns(Json.StringArray(o, "nameservers"), Json.GetString(o, "domain"), Json.StringArray(o, "search"), Json.StringArray(o, "options"));
        return dns.IsEmpty ? null : dns;
    }

    /// <summary>True for an IPv6 address or CIDR.</summary>
    internal static bool IsIpv6(string addressOrCidr)
    {
        var slash = addressOrCidr.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? addressOrCidr : addressOrCidr[..slash];
        return IPAddress.TryParse(text, out var ip) ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 : text.Contains(':', StringComparison.Ordinal);
    }
}
