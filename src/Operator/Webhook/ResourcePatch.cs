using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Multi.Operator.Webhook;

/// <summary>
/// The JSON Patch that brings the first container's requests and limits of extended resources up to a count. An extended
/// resource's request must equal its limit, so both are set to the larger of the count and what the container states.
/// </summary>
internal static class ResourcePatch
{
    private const string Container = "/spec/containers/0/resources";

    /// <summary>The patch text, or null when the container already asks for enough of every resource.</summary>
    public static string? For(V1ResourceRequirements? resources, IReadOnlyDictionary<string, int> needed)
    {
        var operations = new JsonArray();
        var requests = resources?.Requests;
        var limits = resources?.Limits;
        var wantRequests = new JsonObject();
        var wantLimits = new JsonObject();
        foreach (var (resource, count) in needed)
        {
            var target = Math.Max(count, Math.Max(Units(requests, resource), Units(limits, resource)));
            if (Units(requests, resource) != target || requests?.ContainsKey(resource) != true)
            {
                wantRequests[resource] = target.ToString(CultureInfo.InvariantCulture);
            }

            if (Units(limits, resource) != target || limits?.ContainsKey(resource) != true)
            {
                wantLimits[resource] = target.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (wantRequests.Count == 0 && wantLimits.Count == 0)
        {
            return null;
        }

        if (resources is null)
        {
            operations.Add(Add(Container, new JsonObject { ["requests"] = wantRequests, ["limits"] = wantLimits }));
            return operations.ToJsonString();
        }

        AddMembers(operations, "requests", requests is not null, wantRequests);
        AddMembers(operations, "limits", limits is not null, wantLimits);
        return operations.ToJsonString();
    }

    /// <summary>Whole units of a resource the map states (a fractional quantity rounds up), 0 when absent.</summary>
    private static int Units(IDictionary<string, ResourceQuantity>? map, string resource)
    {
        if (map is null || !map.TryGetValue(resource, out var quantity) || quantity is null)
        {
            return 0;
        }

        var value = Math.Ceiling(quantity.ToDecimal());
        return value <= 0 ? 0 : value >= int.MaxValue ? int.MaxValue : (int)value;
    }

    private static void AddMembers(JsonArray operations, string map, bool exists, JsonObject members)
    {
        if (members.Count == 0)
        {
            return;
        }

        if (!exists)
        {
            operations.Add(Add($"{Container}/{map}", members));
            return;
        }

        foreach (var (name, value) in members.ToList())
        {
            // "add" on an existing member replaces it (RFC 6902, 4.1).
            operations.Add(Add($"{Container}/{map}/{Escape(name)}", value!.DeepClone()));
        }
    }

    private static JsonNode Add(string path, JsonNode value) => new JsonObject { ["op"] = "add", ["path"] = path, ["value"] = value };

    /// <summary>A JSON Pointer reference token (RFC 6901): '~' becomes "~0", '/' becomes "~1".</summary>
    internal static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
