using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Multi.Core;

/// <summary>
/// Typed access to <see cref="JsonObject"/> members. Getters return null for an absent or null member and throw
/// <see cref="FormatException"/> (naming the key) for a member of the wrong JSON type.
/// </summary>
public static class Json
{
    private static readonly JsonDocumentOptions StrictDocument = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Parses JSON text eagerly: duplicate keys, invalid UTF-8 and unpaired surrogate escapes are rejected here with a
    /// <see cref="JsonException"/> instead of surfacing later as other exceptions when a member is first read.
    /// </summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new JsonException("JSON text is not valid UTF-8");
        }

        try
        {
            // The duplicate-key check inside JsonNode.Parse already unescapes names and may hit an unpaired surrogate.
            var node = JsonNode.Parse(utf8, documentOptions: StrictDocument);
            Materialise(node);
            return node;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public static string? GetString(JsonObject o, string key) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw new FormatException($"\"{key}\" must be a string, not {other.GetValueKind()}"),
    };

    public static string RequireString(JsonObject o, string key) =>
        GetString(o, key) ?? throw new FormatException($"\"{key}\" is required");

    public static int? GetInt(JsonObject o, string key) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        var other => throw new FormatException($"\"{key}\" must be an integer, not {other.GetValueKind()}"),
    };

    /// <summary>Reads a boolean that may also be given as the strings true/false in any letter case.</summary>
    public static bool? GetLenientBool(JsonObject o, string key)
    {
        var node = o[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v)
        {
            // Exactly true/false in any letter case: bool.TryParse would also accept surrounding whitespace.
            switch (v.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when v.GetValue<string>().Equals("true", StringComparison.OrdinalIgnoreCase):
                    return true;
                case JsonValueKind.String when v.GetValue<string>().Equals("false", StringComparison.OrdinalIgnoreCase):
                    return false;
            }
        }

        throw new FormatException($"\"{key}\" must be true or false, not {node.ToJsonString()}");
    }

    public static IEnumerable<JsonNode?> Array(JsonObject o, string key) => o[key] switch
    {
        null => [],
        JsonArray a => a,
        var other => throw new FormatException($"\"{key}\" must be an array, not {other.GetValueKind()}"),
    };

    public static ImmutableArray<string> StringArray(JsonObject o, string key) =>
        Array(o, key).Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new FormatException($"\"{key}\" must hold only strings")).ToImmutableArray();

    public static JsonObject AsObject(JsonNode? node, string what) =>
        node as JsonObject ?? throw new FormatException($"{what} must be an object");

    public static void SetIfPresent(JsonObject o, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            o[key] = value;
        }
    }

    public static void SetIfPresent(JsonObject o, string key, int? value)
    {
        if (value is { } v)
        {
            o[key] = v;
        }
    }

    public static void SetIfPresent(JsonObject o, string key, ImmutableArray<string> values)
    {
        if (!values.IsDefaultOrEmpty)
        {
            o[key] = new JsonArray(values.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
        }
    }

    /// <summary>Looks up a member by name ignoring case (containerd sends PascalCase capability keys).</summary>
    public static JsonNode? GetIgnoreCase(JsonObject o, string key)
    {
        if (o.TryGetPropertyValue(key, out var exact))
        {
            return exact;
        }

        foreach (var (name, value) in o)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Reads every key and string once, so that text the reader accepted but cannot decode fails now.</summary>
    private static void Materialise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    Materialise(value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Materialise(item);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                _ = v.GetValue<string>();
                break;
        }
    }
}
