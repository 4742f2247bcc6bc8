using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ApiRequestHandler
{
    private static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] StatusVerbs = ["get", "patch", "update"];

    private static JsonObject VersionInfo() => new()
    {
        ["major"] = "1",
        ["minor"] = "34",
        ["gitVersion"] = "v1.34.0-multi",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject CoreVersions(HttpContext context) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = context.Request.Host.Value,
        }),
    };

    private JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(registry.Groups().Select(g => (JsonNode?)GroupObject(g.Group, g.Versions)).ToArray()),
    };

    private JsonObject Group(string name)
    {
        var group = registry.Groups().FirstOrDefault(g => g.Group == name);
        if (group.Group is null)
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource (group {name})");
        var result = GroupObject(group.Group, group.Versions);
        result["kind"] = "APIGroup";
        result["apiVersion"] = "v1";
        return result;
    }

    private static JsonObject GroupObject(string group, IReadOnlyList<string> versions) => new()
    {
        ["name"] = group,
        ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)GroupVersion(group, v)).ToArray()),
        ["preferredVersion"] = GroupVersion(group, versions[0]),
    };

    private static JsonObject GroupVersion(string group, string version) => new()
    {
        ["groupVersion"] = $"{group}/{version}",
        ["version"] = version,
    };

    private JsonObject ResourceList(string group, string version)
    {
        var types = registry.InGroupVersion(group, version);
        if (types.Count == 0)
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({group}/{version})");
        var resources = new JsonArray();
        foreach (var type in types)
        {
            resources.Add(ResourceEntry(type.Plural, type, Verbs));
            if (type.HasStatus)
                resources.Add(ResourceEntry(type.Plural + "/status", type, StatusVerbs));
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = types[0].ApiVersion,
            ["resources"] = resources,
        };
    }

    private static JsonObject ResourceEntry(string name, ResourceType type, string[] verbs)
    {
        var entry = Entry(name, type, verbs);
        if (name.Contains('/', StringComparison.Ordinal))
            return entry;
        if (type.ShortNames.Count > 0)
            entry["shortNames"] = Strings(type.ShortNames);
        if (type.Categories.Count > 0)
            entry["categories"] = Strings(type.Categories);
        return entry;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static JsonObject Entry(string name, ResourceType type, string[] verbs) => new()
    {
        ["name"] = name,
        ["singularName"] = name.Contains('/', StringComparison.Ordinal) ? "" : type.Singular,
        ["namespaced"] = type.Namespaced,
        ["kind"] = type.Kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode?)v).ToArray()),
    };
}
