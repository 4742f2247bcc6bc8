using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>
/// The columns of a resource's Table: a CRD version's printer columns after Name, the real server's columns for the
/// built-in types people look at (<see cref="WorkloadColumns"/>, <see cref="ClusterColumns"/>), NAME and AGE otherwise.
/// </summary>
internal static class TableColumns
{
    public const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.";
    public const string CreationTimestampDescription = "CreationTimestamp is a timestamp representing the server time when this object was created.";

    public static TableColumn Name { get; } = new("Name", "string", NameDescription, (obj, _) => ObjectMetadata.GetString(obj, "name")) { Format = "name" };

    public static TableColumn Age { get; } = new("Age", "string", CreationTimestampDescription, (obj, now) => HumanDuration.Since(ObjectMetadata.GetString(obj, "creationTimestamp"), now));

    public static IReadOnlyList<TableColumn> For(ResourceType type)
    {
        if (!type.BuiltIn)
            return [Name, .. type.Columns];
        return WorkloadColumns.For(type.Group, type.Plural) ?? ClusterColumns.For(type.Group, type.Plural) ?? [Name, Age];
    }

    public static TableColumn Text(string name, string description, Func<JsonObject, string?> cell, int priority = 0) =>
        new(name, "string", description, (obj, _) => cell(obj) is { } text ? JsonValue.Create(text) : null) { Priority = priority };

    public static TableColumn Integer(string name, string description, Func<JsonObject, long> cell, int priority = 0) =>
        new(name, "integer", description, (obj, _) => cell(obj)) { Priority = priority };

    /// <summary>The string at a dotted path (<c>spec.nodeName</c>), or null.</summary>
    public static string? String(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
    }

    /// <summary>The integer at a dotted path, 0 when absent.</summary>
    public static long Number(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? (long)double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : 0;
    }

    public static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    public static string OrNone(string? text) => string.IsNullOrEmpty(text) ? "<none>" : text;
}
