using System.Text.Json.Nodes;
using Multi.Core.Annotations;
using Multi.Core.Ipam;
using Multi.Core.Networks;

namespace Multi.Core.Validation;

/// <summary>
/// Rules for a CNI <c>ipam</c> block, shared by NAD validation and a ClusterNetwork's raw ipam: a type; multi-ipam names a
/// pool (or pools); host-local ranges, subnets and gateways parse; static addresses parse. Other IPAM plugins are not read.
/// </summary>
internal static class IpamConfigChecks
{
    public static void Check(JsonObject ipam, string path, ICollection<NadProblem> problems)
    {
        var type = JsonFields.String(ipam, "type", path, problems);
        if (string.IsNullOrEmpty(type))
        {
            if (type is not null || ipam.Count > 0)
            {
                problems.Add(new NadProblem($"{path}.type", "type is required in a non-empty ipam block"));
            }

            return;
        }

        switch (type)
        {
            case ClusterNetworkRenderer.IpamType:
                CheckMultiIpam(ipam, path, problems);
                break;
            case "host-local":
                CheckHostLocal(ipam, path, problems);
                break;
            case "static":
                CheckStatic(ipam, path, problems);
                break;
        }
    }

    private static void CheckMultiIpam(JsonObject ipam, string path, ICollection<NadProblem> problems)
    {
        var pool = JsonFields.String(ipam, "pool", path, problems);
        var pools = JsonFields.Array(ipam, "pools", path, problems);
        if (pool is null && pools is null)
        {
            problems.Add(new NadProblem($"{path}.pool", "multi-ipam needs pool (or pools)"));
        }

        if (pool is not null && !KubeNames.IsDns1123Label(pool))
        {
            problems.Add(new NadProblem($"{path}.pool", $"pool \"{pool}\" is not a DNS-1123 label (an IPPool name)"));
        }

        if (pools is { Count: 0 })
        {
            problems.Add(new NadProblem($"{path}.pools", "pools must not be empty"));
        }

        for (var i = 0; i < (pools?.Count ?? 0); i++)
        {
            var name = pools![i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (!KubeNames.IsDns1123Label(name))
            {
                problems.Add(new NadProblem($"{path}.pools[{i}]", $"pools[{i}] {JsonFields.Describe(pools[i])} is not a DNS-1123 label (an IPPool name)"));
            }
        }
    }

    private static void CheckHostLocal(JsonObject ipam, string path, ICollection<NadProblem> problems)
    {
        var ranges = JsonFields.Array(ipam, "ranges", path, problems);
        if (ranges is null && ipam["subnet"] is null)
        {
            problems.Add(new NadProblem($"{path}.ranges", "host-local needs ranges or subnet"));
        }

        CheckRange(ipam, path, problems);
        for (var set = 0; set < (ranges?.Count ?? 0); set++)
        {
            if (ranges![set] is not JsonArray { Count: > 0 } rangeSet)
            {
                problems.Add(new NadProblem($"{path}.ranges[{set}]", $"ranges[{set}] must be a non-empty array of ranges, not {JsonFields.Describe(ranges[set])}"));
                continue;
            }

            for (var r = 0; r < rangeSet.Count; r++)
            {
                var at = $"{path}.ranges[{set}][{r}]";
                if (rangeSet[r] is JsonObject range)
                {
                    if (range["subnet"] is null)
                    {
                        problems.Add(new NadProblem($"{at}.subnet", "subnet is required"));
                    }

                    CheckRange(range, at, problems);
                }
                else
                {
                    problems.Add(new NadProblem(at, $"a range must be an object, not {JsonFields.Describe(rangeSet[r])}"));
                }
            }
        }
    }

    /// <summary>subnet, rangeStart, rangeEnd and gateway of a host-local range (or its legacy top-level form).</summary>
    private static void CheckRange(JsonObject range, string path, ICollection<NadProblem> problems)
    {
        if (JsonFields.String(range, "subnet", path, problems) is { } subnet && !IsCidr(subnet))
        {
            problems.Add(new NadProblem($"{path}.subnet", $"subnet \"{subnet}\" is not a CIDR (address/prefix)"));
        }

        foreach (var key in new[] { "rangeStart", "rangeEnd", "gateway" })
        {
            if (JsonFields.String(range, key, path, problems) is { } text && !IpText.TryParseAddress(text, out _))
            {
                problems.Add(new NadProblem($"{path}.{key}", $"{key} \"{text}\" is not an IP address"));
            }
        }
    }

    private static void CheckStatic(JsonObject ipam, string path, ICollection<NadProblem> problems)
    {
        var addresses = JsonFields.Array(ipam, "addresses", path, problems);
        for (var i = 0; i < (addresses?.Count ?? 0); i++)
        {
            var at = $"{path}.addresses[{i}]";
            if (addresses![i] is not JsonObject entry)
            {
                problems.Add(new NadProblem(at, $"an address must be an object, not {JsonFields.Describe(addresses[i])}"));
                continue;
            }

            var address = JsonFields.String(entry, "address", at, problems);
            if (address is null || !IsCidr(address))
            {
                problems.Add(new NadProblem($"{at}.address", $"address \"{address}\" is not an address/prefix"));
            }

            if (JsonFields.String(entry, "gateway", at, problems) is { } gateway && !IpText.TryParseAddress(gateway, out _))
            {
                problems.Add(new NadProblem($"{at}.gateway", $"gateway \"{gateway}\" is not an IP address"));
            }
        }
    }

    private static bool IsCidr(string text) =>
        text.Contains('/', StringComparison.Ordinal) && IpText.TryParseAddressOrCidr(text, out _, out _);
}
