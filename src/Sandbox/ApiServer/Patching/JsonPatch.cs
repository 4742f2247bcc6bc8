using System.Globalization;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Patching;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
            throw ApiException.BadRequest("a JSON patch must be an array of operations");
        var document = target.DeepClone();
        foreach (var operation in operations)
            document = ApplyOne(document, operation as JsonObject ?? throw ApiException.BadRequest("a JSON patch operation must be an object"));
        return document;
    }

    private static JsonNode ApplyOne(JsonNode document, JsonObject operation)
    {
        var op = Text(operation, "op");
        var path = Pointer(Text(operation, "path"));
        switch (op)
        {
            case "add":
                return Add(document, path, Value(operation));
            case "remove":
                Remove(document, path);
                return document;
            case "replace":
                Remove(document, path);
                return Add(document, path, Value(operation));
            case "move":
                var moved = Get(document, Pointer(Text(operation, "from"))).DeepClone();
                Remove(document, Pointer(Text(operation, "from")));
                return Add(document, path, moved);
            case "copy":
                return Add(document, path, Get(document, Pointer(Text(operation, "from"))).DeepClone());
            case "test":
                if (!JsonNode.DeepEquals(Get(document, path), operation["value"]))
                    throw ApiException.Invalid($"the test operation on {Text(operation, "path")} failed");
                return document;
            default:
                throw ApiException.BadRequest($"unknown JSON patch operation \"{op}\"");
        }
    }

    private static JsonNode Add(JsonNode document, string[] path, JsonNode? value)
    {
        if (path.Length == 0)
            return value ?? throw ApiException.Invalid("cannot replace the whole document with null");
        var parent = Get(document, path[..^1]);
        var last = path[^1];
        if (parent is JsonObject obj)
            obj[last] = value;
        else if (parent is JsonArray array)
            array.Insert(last == "-" ? array.Count : Index(array, last, allowEnd: true), value);
        else
            throw ApiException.Invalid($"cannot add at {string.Join('/', path)}");
        return document;
    }

    private static void Remove(JsonNode document, string[] path)
    {
        if (path.Length == 0)
            throw ApiException.Invalid("cannot remove the whole document");
        var parent = Get(document, path[..^1]);
        var last = path[^1];
        if (parent is JsonObject obj && obj.ContainsKey(last))
            obj.Remove(last);
        else if (parent is JsonArray array)
            array.RemoveAt(Index(array, last, allowEnd: false));
        else
            throw ApiException.Invalid($"path /{string.Join('/', path)} does not exist");
    }

    private static JsonNode Get(JsonNode document, IEnumerable<string> path)
    {
        var node = document;
        foreach (var token in path)
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) && child is not null => child,
                JsonArray array => array[Index(array, token, allowEnd: false)]!,
                _ => throw ApiException.Invalid($"path element \"{token}\" does not exist"),
            };
        }

        return node;
    }

    private static int Index(JsonArray array, string token, bool allowEnd)
    {
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index > array.Count || (!allowEnd && index == array.Count))
            throw ApiException.Invalid($"array index \"{token}\" is out of range");
        return index;
    }

    private static string[] Pointer(string pointer)
    {
        if (pointer.Length == 0)
            return [];
        if (pointer[0] != '/')
            throw ApiException.BadRequest($"JSON pointer \"{pointer}\" must start with /");
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static string Text(JsonObject operation, string field) =>
        operation[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw ApiException.BadRequest($"JSON patch operation lacks \"{field}\"");

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ApiException.BadRequest("JSON patch operation lacks \"value\"");
}
