using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Devices;

/// <summary>
/// How many units of each extended resource (a name with a domain, <c>vendor.com/name</c>) a pod asks for: per container
/// <c>resources.requests</c>, else <c>resources.limits</c> (for extended resources the two must be equal); for the pod the
/// larger of the sum over <c>containers</c> and the largest <c>initContainers</c> value, as the scheduler counts. A quantity
/// that is not a plain integer counts as one unit: it is still a request.
/// </summary>
public static class PodResourceRequests
{
    public static ImmutableDictionary<string, long> FromSpec(JsonObject? spec)
    {
        if (spec is null)
        {
            return ImmutableDictionary<string, long>.Empty;
        }

        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in Containers(spec, "containers").SelectMany(c => c))
        {
            sum[name] = sum.GetValueOrDefault(name) + count;
        }

        foreach (var (name, count) in Containers(spec, "initContainers").SelectMany(c => c))
        {
            sum[name] = Math.Max(sum.GetValueOrDefault(name), count);
        }

        return sum.Where(p => p.Value > 0).ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>The extended resources of each container of <paramref name="key"/>; anything malformed is skipped.</summary>
    private static IEnumerable<Dictionary<string, long>> Containers(JsonObject spec, string key)
    {
        if (spec[key] is not JsonArray containers)
        {
            yield break;
        }

        foreach (var container in containers.OfType<JsonObject>())
        {
            var resources = container["resources"] as JsonObject;
            var found = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (name, count) in Quantities(resources?["limits"] as JsonObject).Concat(Quantities(resources?["requests"] as JsonObject)))
            {
                found[name] = count; // requests, read last, win over limits
            }

            yield return found;
        }
    }

    private static IEnumerable<(string Name, long Count)> Quantities(JsonObject? map) => map is null
        ? []
        : map.Where(p => IsExtended(p.Key) && p.Value is not null).Select(p => (p.Key, Count(p.Value!)));

    /// <summary>Extended resources carry a domain; <c>cpu</c>, <c>memory</c>, <c>hugepages-*</c> and the like do not.</summary>
    public static bool IsExtended(string name) => name.Contains('/', StringComparison.Ordinal);

    private static long Count(JsonNode value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) => n,
        _ => 1,
    };
}
