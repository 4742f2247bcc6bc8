using System.Text.Json.Nodes;

namespace Multi.Core.Cni.Results;

public static partial class ResultCodec
{
    /// <summary>
    /// Renders <paramref name="result"/> in <paramref name="version"/>. Down-conversion to 0.1.0/0.2.0 of a
    /// result without any address is impossible and fails with code 109.
    /// </summary>
    public static Outcome<JsonObject> Render(CniResult result, string version)
    {
        if (!CniVersion.IsSupported(version))
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.IncompatibleVersion, $"cannot render a result in unsupported version {version}", $"supported: {CniVersion.SupportedList}");
        }

        return CniVersion.IsLegacy(version) ? RenderLegacy(result, version) : Outcome<JsonObject>.Ok(RenderCurrent(result, version));
    }

    /// <summary>Converts between versions by rendering in the target version and reading the output back.</summary>
    public static Outcome<CniResult> Convert(CniResult result, string version)
    {
        var rendered = Render(result, version);
        return rendered.IsOk ? Parse(rendered.Value, version) : Outcome<CniResult>.Fail(rendered.Error);
    }

    private static JsonObject RenderCurrent(CniResult result, string version)
    {
        var isOne = CniVersion.AtLeast(version, CniVersion.V100);
        var is11 = CniVersion.AtLeast(version, CniVersion.V110);
        var obj = new JsonObject { ["cniVersion"] = version };
        if (!result.Interfaces.IsDefaultOrEmpty)
        {
            obj["interfaces"] = new JsonArray(result.Interfaces.Select(i => (JsonNode)WriteInterface(i, is11)).ToArray());
        }

        if (!result.Ips.IsDefaultOrEmpty)
        {
            obj["ips"] = new JsonArray(result.Ips.Select(ip => (JsonNode)WriteIp(ip, isOne)).ToArray());
        }

        if (!result.Routes.IsDefaultOrEmpty)
        {
            obj["routes"] = new JsonArray(result.Routes.Select(r => (JsonNode)WriteRoute(r, is11)).ToArray());
        }

        if (result.Dns is { IsEmpty: false } dns)
        {
            obj["dns"] = WriteDns(dns);
        }

        return obj;
    }

    private static Outcome<JsonObject> RenderLegacy(CniResult result, string version)
    {
        var ip4 = result.Ips.FirstOrDefault(ip => !IsIpv6(ip.Address));
        var ip6 = result.Ips.FirstOrDefault(ip => IsIpv6(ip.Address));
        if (ip4 is null && ip6 is null)
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.ResultNotExpressible, $"result has no IP address and cannot be expressed in version {version}");
        }

        var obj = new JsonObject { ["cniVersion"] = version };
        if (ip4 is not null)
        {
            obj["ip4"] = WriteLegacyFamily(ip4, result.Routes.Where(r => !IsIpv6(r.Dst)));
        }

        if (ip6 is not null)
        {
            obj["ip6"] = WriteLegacyFamily(ip6, result.Routes.Where(r => IsIpv6(r.Dst)));
        }

        if (result.Dns is { IsEmpty: false } dns)
        {
            obj["dns"] = WriteDns(dns);
        }

        return Outcome<JsonObject>.Ok(obj);
    }

    private static JsonObject WriteLegacyFamily(CniIpConfig ip, IEnumerable<CniRoute> routes)
    {
        var family = new JsonObject { ["ip"] = ip.Address };
        if (!string.IsNullOrEmpty(ip.Gateway))
        {
            family["gateway"] = ip.Gateway;
        }

        var list = routes.Select(r => (JsonNode)WriteRoute(r, is11: false)).ToArray();
        if (list.Length > 0)
        {
            family["routes"] = new JsonArray(list);
        }

        return family;
    }

    private static JsonObject WriteInterface(CniInterface i, bool is11)
    {
        var o = new JsonObject { ["name"] = i.Name };
        Json.SetIfPresent(o, "mac", i.Mac);
        if (is11)
        {
            Json.SetIfPresent(o, "mtu", i.Mtu);
        }

        Json.SetIfPresent(o, "sandbox", i.Sandbox);
        if (is11)
        {
            Json.SetIfPresent(o, "socketPath", i.SocketPath);
            Json.SetIfPresent(o, "pciID", i.PciId);
        }

        return o;
    }

    private static JsonObject WriteIp(CniIpConfig ip, bool isOne)
    {
        var o = new JsonObject();
        if (!isOne)
        {
            o["version"] = IsIpv6(ip.Address) ? "6" : "4";
        }

        Json.SetIfPresent(o, "interface", ip.Interface);
        o["address"] = ip.Address;
        Json.SetIfPresent(o, "gateway", ip.Gateway);
        return o;
    }

    private static JsonObject WriteRoute(CniRoute r, bool is11)
    {
        var o = new JsonObject { ["dst"] = r.Dst };
        Json.SetIfPresent(o, "gw", r.Gw);
        if (is11)
        {
            Json.SetIfPresent(o, "mtu", r.Mtu);
            Json.SetIfPresent(o, "advmss", r.AdvMss);
            Json.SetIfPresent(o, "priority", r.Priority);
            Json.SetIfPresent(o, "table", r.Table);
            Json.SetIfPresent(o, "scope", r.Scope);
        }

        return o;
    }

    private static JsonObject WriteDns(CniDns dns)
    {
        var o = new JsonObject();
        Json.SetIfPresent(o, "nameservers", dns.Nameservers);
        Json.SetIfPresent(o, "domain", dns.Domain);
        Json.SetIfPresent(o, "search", dns.Search);
        Json.SetIfPresent(o, "options", dns.Options);
        return o;
    }
}
