using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>
/// A CRD version's <c>additionalPrinterColumns</c> as Table columns, with the apiextensions server's cell rules: the
/// first JSONPath match, typed as the column says (integer, number, boolean, string), a <c>date</c> as an age
/// (<c>5m</c>), and null (kubectl prints <c>&lt;none&gt;</c>) for a missing field or a value of another type.
/// Without printer columns the version gets an Age column.
/// </summary>
internal static class CrdColumns
{
    private static readonly TableColumn DefaultAge = new("Age", "date", TableColumns.CreationTimestampDescription, Age(".metadata.creationTimestamp"));

    public static IReadOnlyList<TableColumn> From(JsonObject version)
    {
        if (version["additionalPrinterColumns"] is not JsonArray { Count: > 0 } columns)
            return [DefaultAge];
        return columns.OfType<JsonObject>().Select(Column).ToList();
    }

    private static TableColumn Column(JsonObject column)
    {
        var name = Text(column["name"]) ?? throw ApiException.Invalid("additionalPrinterColumns.name: Required value");
        var type = Text(column["type"]) ?? "string";
        var path = Text(column["jsonPath"]) ?? throw ApiException.Invalid($"additionalPrinterColumns[{name}].jsonPath: Required value");
        return new TableColumn(name, type, Text(column["description"]) ?? "", type == "date" ? Age(path) : Typed(path, type))
        {
            Format = Text(column["format"]) ?? "",
            Priority = column["priority"] is JsonValue p && p.TryGetValue<int>(out var priority) ? priority : 0,
        };
    }

    private static Func<JsonObject, DateTimeOffset, JsonNode?> Age(string path) =>
        (obj, now) => First(obj, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? HumanDuration.Since(v.GetValue<string>(), now)
            : null;

    private static Func<JsonObject, DateTimeOffset, JsonNode?> Typed(string path, string type) =>
        (obj, _) => First(obj, path) is { } value ? Cell(value, type) : null;

    private static JsonNode? Cell(JsonNode value, string type)
    {
        var kind = value.GetValueKind();
        return type switch
        {
            "integer" when kind == JsonValueKind.Number => (long)double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            "number" when kind == JsonValueKind.Number => value.DeepClone(),
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => value.DeepClone(),
            "string" when kind == JsonValueKind.String => value.DeepClone(),
            "string" => value.ToJsonString(),
            _ => null,
        };
    }

    private static JsonNode? First(JsonObject obj, string path)
    {
        try
        {
            var found = SimpleJsonPath.Evaluate(obj, path);
            return found.Count > 0 ? found[0] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
