using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer.Tables;

namespace Multi.Sandbox.ApiServer;

/// <summary>Reads the served resources out of a CustomResourceDefinition and fills its status as the real server does.</summary>
internal static class CrdDefinition
{
    public static IReadOnlyList<ResourceType> ResourceTypes(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? throw ApiException.Invalid("spec: Required value");
        var group = Text(spec["group"]) ?? throw ApiException.Invalid("spec.group: Required value");
        var names = spec["names"] as JsonObject ?? throw ApiException.Invalid("spec.names: Required value");
        var plural = Text(names["plural"]) ?? throw ApiException.Invalid("spec.names.plural: Required value");
        var kind = Text(names["kind"]) ?? throw ApiException.Invalid("spec.names.kind: Required value");
        var shortNames = Strings(names["shortNames"]);
        var categories = Strings(names["categories"]);
        var singular = Text(names["singular"]) ?? kind.ToLowerInvariant();
        var namespaced = !string.Equals(Text(spec["scope"]), "Cluster", StringComparison.Ordinal);
        var name = ObjectMetadata.GetString(crd, "name");
        if (name != $"{plural}.{group}")
            throw ApiException.Invalid($"metadata.name: Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group");
        var types = new List<ResourceType>();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && served.TryGetValue<bool>(out var isServed) && !isServed)
                continue;
            var hasStatus = version["subresources"] is JsonObject sub && sub.ContainsKey("status");
            var versionName = Text(version["name"]) ?? throw ApiException.Invalid("spec.versions.name: Required value");
            types.Add(new ResourceType(group, versionName, plural, kind, namespaced, hasStatus, BuiltIn: false)
            {
                ShortNames = shortNames,
                Categories = categories,
                Singular = singular,
                Columns = CrdColumns.From(version),
            });
        }

        return types.Count > 0 ? types : throw ApiException.Invalid("spec.versions: Required value");
    }

    /// <summary>Marks the definition Established with its names accepted, which clients wait for.</summary>
    public static void Accept(JsonObject crd, string timestamp)
    {
        var spec = (JsonObject)crd["spec"]!;
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = spec["names"]!.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", timestamp),
                Condition("Established", "InitialNamesAccepted", timestamp)),
            ["storedVersions"] = new JsonArray(((spec["versions"] as JsonArray) ?? [])
                .OfType<JsonObject>()
                .Where(v => v["storage"] is JsonValue s && s.TryGetValue<bool>(out var storage) && storage)
                .Select(v => (JsonNode?)JsonValue.Create(Text(v["name"]))).ToArray()),
        };
    }

    private static JsonObject Condition(string type, string reason, string timestamp) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["lastTransitionTime"] = timestamp,
        ["message"] = "",
    };

    private static string[] Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(Text).OfType<string>().ToArray();

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
