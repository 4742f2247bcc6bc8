using System.Globalization;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

/// <summary>Reads and writes the metadata fields the server owns on a JSON object.</summary>
internal static class ObjectMetadata
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
            return metadata;
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string? GetString(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long ResourceVersion(JsonObject obj) =>
        long.TryParse(GetString(obj, "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;

    public static void SetResourceVersion(JsonObject obj, long version) =>
        Of(obj)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);

    public static long Generation(JsonObject obj) =>
        obj["metadata"] is JsonObject m && m["generation"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? long.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : 0;

    public static bool HasFinalizers(JsonObject obj) =>
        obj["metadata"] is JsonObject m && m["finalizers"] is JsonArray a && a.Count > 0;

    public static bool IsDeleting(JsonObject obj) => GetString(obj, "deletionTimestamp") is not null;

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject m && m["labels"] is JsonObject l)
        {
            foreach (var (k, v) in l)
                labels[k] = v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";
        }

        return labels;
    }
}
