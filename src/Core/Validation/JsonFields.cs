using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Validation;

/// <summary>Reads members of untrusted JSON without throwing: a member of the wrong JSON type is reported and read as absent.</summary>
internal static class JsonFields
{
    public static string? String(JsonObject o, string key, string path, ICollection<NadProblem> problems) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => Wrong<string>(path, key, "a string", other, problems),
    };

    /// <summary>An integral JSON number (1 or 1.0) that fits 64 bits.</summary>
    public static long? Integer(JsonObject o, string key, string path, ICollection<NadProblem> problems)
    {
        var node = o[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<long>(out var l))
            {
                return l;
            }

            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue)
            {
                return (long)d;
            }
        }

        Wrong<string>(path, key, "an integer", node, problems);
        return null;
    }

    public static JsonObject? Object(JsonObject o, string key, string path, ICollection<NadProblem> problems) => o[key] switch
    {
        null => null,
        JsonObject obj => obj,
        var other => Wrong<JsonObject>(path, key, "an object", other, problems),
    };

    public static JsonArray? Array(JsonObject o, string key, string path, ICollection<NadProblem> problems) => o[key] switch
    {
        null => null,
        JsonArray a => a,
        var other => Wrong<JsonArray>(path, key, "an array", other, problems),
    };

    /// <summary>Checks an optional integer member against an inclusive range; returns the value when present and integral.</summary>
    public static long? Range(JsonObject o, string key, string path, long min, long max, ICollection<NadProblem> problems, string? hint = null)
    {
        var value = Integer(o, key, path, problems);
        if (value is { } v && (v < min || v > max))
        {
            problems.Add(new NadProblem($"{path}.{key}", $"{key} {v} is outside {min}–{max}{hint}"));
        }

        return value;
    }

    public static string Describe(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 64 ? $"{text[..61]}..." : text;
    }

    private static T? Wrong<T>(string path, string key, string expected, JsonNode? node, ICollection<NadProblem> problems)
        where T : class
    {
        problems.Add(new NadProblem($"{path}.{key}", $"{key} must be {expected}, not {Describe(node)}"));
        return null;
    }
}
