using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Core.Cni;

namespace Multi.Core.Ipam;

/// <summary>
/// An IPPool object (crds/multi.dev_ippools.yaml) read into <see cref="IpPool"/>; a malformed spec is code 123. Pure
/// mapping shared by the <c>multi-ipam</c> plugin and the sandbox's pool usage table.
/// </summary>
public static class IpPoolJson
{
    public static Outcome<IpPool> Parse(string name, JsonObject obj)
    {
        try
        {
            var spec = Json.AsObject(obj["spec"], "spec");
            var dns = spec["dns"] is JsonObject d
                ? new IpDnsSpec
                {
                    Nameservers = Json.StringArray(d, "nameservers"),
                    Domain = Json.GetString(d, "domain"),
                    Search = Json.StringArray(d, "search"),
                    Options = Json.StringArray(d, "options"),
                }
                : null;
            return Outcome<IpPool>.Ok(new IpPool(name, new IpPoolSpec
            {
                Cidr = Json.RequireString(spec, "cidr"),
                Ranges = Json.Array(spec, "ranges").Select(n => Json.AsObject(n, "range")).Select(r => new IpRangeSpec(Json.RequireString(r, "start"), Json.RequireString(r, "end"))).ToList(),
                Exclude = Json.StringArray(spec, "exclude"),
                Gateway = Json.GetString(spec, "gateway"),
                Routes = Json.Array(spec, "routes").Select(n => Json.AsObject(n, "route")).Select(r => new IpRouteSpec(Json.RequireString(r, "dst"), Json.GetString(r, "gw"))).ToList(),
                Dns = dns,
                StickyAddresses = Json.GetLenientBool(spec, "stickyAddresses") ?? false,
                NodeSelector = StringMap(spec, "nodeSelector"),
            }));
        }
        catch (FormatException ex)
        {
            return Outcome<IpPool>.Fail(CniErrorCode.PoolUnusable, $"pool {name} is unusable: {ex.Message}");
        }
    }

    /// <summary>A map of strings (labels, selectors); empty when absent.</summary>
    public static Dictionary<string, string> StringMap(JsonObject obj, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj[key] is null)
        {
            return map;
        }

        foreach (var (k, v) in Json.AsObject(obj[key], key))
        {
            map[k] = v is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"\"{key}.{k}\" must be a string");
        }

        return map;
    }
}
