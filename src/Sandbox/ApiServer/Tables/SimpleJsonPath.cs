using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>
/// The JSONPath subset printer columns use (kubectl's template syntax, optionally in braces): fields
/// (<c>.spec.cidr</c>, <c>['a.b']</c>), indexes (<c>[0]</c>, <c>[-1]</c>), <c>[*]</c>, and filters comparing a
/// field with a literal (<c>[?(@.type=="Ready")]</c>, <c>!=</c>). Evaluation yields every match, in document order.
/// </summary>
internal static class SimpleJsonPath
{
    public static IReadOnlyList<JsonNode> Evaluate(JsonNode root, string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
            text = text[1..^1].Trim();
        IReadOnlyList<JsonNode> current = [root];
        var at = 0;
        while (at < text.Length && current.Count > 0)
        {
            if (text[at] == '.')
            {
                var end = text.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? text.Length : end;
                var field = text[(at + 1)..end];
                if (field.Length > 0)
                    current = Field(current, field);
                at = end;
            }
            else if (text[at] == '[')
            {
                var end = ClosingBracket(text, at);
                current = Bracket(current, text[(at + 1)..end].Trim());
                at = end + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{text[at]}' at {at} in JSONPath {path}");
            }
        }

        return current;
    }

    private static List<JsonNode> Field(IReadOnlyList<JsonNode> nodes, string field)
    {
        if (field == "*")
            return nodes.SelectMany(Children).ToList();
        return nodes.Select(n => n is JsonObject o ? o[field] : null).OfType<JsonNode>().ToList();
    }

    private static List<JsonNode> Bracket(IReadOnlyList<JsonNode> nodes, string inside)
    {
        if (inside == "*")
            return nodes.SelectMany(Children).ToList();
        if (inside.StartsWith("?(", StringComparison.Ordinal) && inside.EndsWith(')'))
            return nodes.OfType<JsonArray>().SelectMany(a => a.OfType<JsonNode>()).Where(e => JsonPathFilter.Matches(e, inside[2..^1])).ToList();
        if (inside.Length >= 2 && inside[0] is '\'' or '"')
            return Field(nodes, inside[1..^1]);
        if (int.TryParse(inside, System.Globalization.CultureInfo.InvariantCulture, out var index))
            return nodes.OfType<JsonArray>().Select(a => Element(a, index)).OfType<JsonNode>().ToList();
        throw new FormatException($"unsupported JSONPath subscript [{inside}]");
    }

    private static JsonNode? Element(JsonArray array, int index)
    {
        var i = index < 0 ? array.Count + index : index;
        return i >= 0 && i < array.Count ? array[i] : null;
    }

    private static IEnumerable<JsonNode> Children(JsonNode node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).OfType<JsonNode>(),
        JsonArray a => a.OfType<JsonNode>(),
        _ => [],
    };

    private static int ClosingBracket(string text, int open)
    {
        char? quote = null;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
                quote = c == quote ? null : quote;
            else if (c is '\'' or '"')
                quote = c;
            else if (c == ']')
                return i;
        }

        throw new FormatException($"unclosed '[' in JSONPath {text}");
    }
}
