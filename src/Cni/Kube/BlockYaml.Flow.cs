using System.Text.Json.Nodes;

namespace Multi.Cni.Kube;

internal sealed partial class BlockYaml
{
    /// <summary>A flow collection (<c>[a, "b"]</c>, <c>{k: v}</c>, <c>{}</c>) that must close on the line it starts on.</summary>
    private const int MaxFlowDepth = 64;

    private static JsonNode? ParseFlow(string text, int line)
    {
        // Brackets counted without regard to quotes: only text nested absurdly deep is refused, before any recursion.
        var depth = 0;
        foreach (var c in text)
        {
            depth += c is '[' or '{' ? 1 : c is ']' or '}' ? -1 : 0;
            if (depth > MaxFlowDepth)
            {
                throw Error(line, $"flow collections nested more than {MaxFlowDepth} deep");
            }
        }

        var position = 0;
        var node = ParseFlowNode(text, ref position, line);
        if (!IsInsignificant(text.AsSpan(position)))
        {
            throw Error(line, "unexpected text after a flow collection");
        }

        return node;
    }

    private static JsonNode? ParseFlowNode(string text, ref int position, int line)
    {
        SkipSpaces(text, ref position);
        if (position >= text.Length)
        {
            throw Error(line, "flow collections must close on the line they start on");
        }

        switch (text[position])
        {
            case '[':
                return ParseFlowSequence(text, ref position, line);
            case '{':
                return ParseFlowMapping(text, ref position, line);
            case '"' or '\'':
                var (value, after) = ParseQuotedOnLine(text[position..], line);
                position = text.Length - after.Length;
                return JsonValue.Create(value);
            default:
                RefuseUnsupported(text[position..], line);
                var start = position;
                while (position < text.Length && text[position] is not (',' or ']' or '}') && !IsFlowColon(text, position))
                {
                    position++;
                }

                return PlainValue(text[start..position].Trim(' ', '\t'), line);
        }
    }

    private static JsonArray ParseFlowSequence(string text, ref int position, int line)
    {
        var array = new JsonArray();
        position++;
        while (!TryClose(text, ref position, ']', line))
        {
            array.Add(ParseFlowNode(text, ref position, line));
            SkipSeparator(text, ref position, ']', line);
        }

        return array;
    }

    private static JsonObject ParseFlowMapping(string text, ref int position, int line)
    {
        var map = new JsonObject();
        position++;
        while (!TryClose(text, ref position, '}', line))
        {
            var key = ParseFlowNode(text, ref position, line) is JsonValue k && k.TryGetValue<string>(out var s) ? s
                : throw Error(line, "flow mapping keys must be strings");
            SkipSpaces(text, ref position);
            JsonNode? value = null;
            if (position < text.Length && text[position] == ':')
            {
                position++;
                SkipSpaces(text, ref position);
                value = position < text.Length && text[position] is ',' or '}' ? null : ParseFlowNode(text, ref position, line);
            }

            if (!map.TryAdd(key, value))
            {
                throw Error(line, $"duplicate key \"{key}\"");
            }

            SkipSeparator(text, ref position, '}', line);
        }

        return map;
    }

    private static bool TryClose(string text, ref int position, char close, int line)
    {
        SkipSpaces(text, ref position);
        if (position >= text.Length)
        {
            throw Error(line, "flow collections must close on the line they start on");
        }

        if (text[position] != close)
        {
            return false;
        }

        position++;
        return true;
    }

    private static void SkipSeparator(string text, ref int position, char close, int line)
    {
        SkipSpaces(text, ref position);
        if (position < text.Length && text[position] == ',')
        {
            position++;
        }
        else if (position >= text.Length)
        {
            throw Error(line, "flow collections must close on the line they start on");
        }
        else if (text[position] != close)
        {
            throw Error(line, $"expected ',' or '{close}' in a flow collection");
        }
    }

    private static bool IsFlowColon(string text, int position) =>
        text[position] == ':' && (position + 1 == text.Length || text[position + 1] is ' ' or '\t' or ',' or ']' or '}');

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }
    }
}
