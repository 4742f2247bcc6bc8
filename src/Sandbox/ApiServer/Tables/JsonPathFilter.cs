using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>A JSONPath filter expression <c>@.path OP literal</c> (OP one of <c>==</c>, <c>!=</c>), or <c>@.path</c> (the field exists).</summary>
internal static class JsonPathFilter
{
    public static bool Matches(JsonNode element, string expression)
    {
        foreach (var (symbol, equal) in new[] { ("==", true), ("!=", false) })
        {
            var at = expression.IndexOf(symbol, StringComparison.Ordinal);
            if (at < 0)
                continue;
            var left = Operand(element, expression[..at].Trim());
            var right = Operand(element, expression[(at + symbol.Length)..].Trim());
            return (left is not null && right is not null && left == right) == equal;
        }

        return Operand(element, expression.Trim()) is not null;
    }

    /// <summary>A field of the element (<c>@.a.b</c>) or a literal, as comparable text; null when the field is missing.</summary>
    private static string? Operand(JsonNode element, string text)
    {
        if (text.StartsWith('@'))
        {
            var found = SimpleJsonPath.Evaluate(element, text[1..]);
            return found.Count == 0 ? null : Text(found[0]);
        }

        if (text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0])
            return text[1..^1];
        return text;
    }

    private static string Text(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.ToJsonString();
}
