using System.Text;
using System.Text.Json.Nodes;

namespace Multi.Cni.Kube;

internal sealed partial class BlockYaml
{
    /// <summary>A value that starts on line <paramref name="line"/> (already consumed); continuation lines must be indented beyond <paramref name="parentIndent"/>.</summary>
    private JsonNode? ParseValue(string text, int parentIndent, int line)
    {
        text = text.TrimStart(' ', '\t');
        RefuseUnsupported(text, line);
        return text[0] switch
        {
            '|' or '>' => ParseBlockScalar(text, parentIndent, line),
            '"' or '\'' => ParseQuoted(text, line),
            '[' or '{' => ParseFlow(text, line),
            _ => ParsePlain(text, parentIndent, line),
        };
    }

    private static void RefuseUnsupported(string text, int line)
    {
        if (text[0] is '&' or '*' or '!')
        {
            throw Error(line, "anchors, aliases and tags are not supported");
        }

        if (text[0] == '?' && (text.Length == 1 || text[1] is ' ' or '\t'))
        {
            throw Error(line, "complex keys are not supported");
        }
    }

    private JsonNode? ParsePlain(string first, int parentIndent, int line)
    {
        var text = new StringBuilder(StripComment(first));
        var blanks = 0;
        var multiLine = false;
        for (var i = next; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim(' ', '\t');
            if (trimmed.Length == 0)
            {
                blanks++;
                continue;
            }

            if (Indentation(i) <= parentIndent || trimmed[0] == '#')
            {
                break;
            }

            if (FindMappingColon(trimmed) >= 0)
            {
                throw Error(i, "a mapping cannot continue a plain scalar (indentation?)");
            }

            text.Append(blanks > 0 ? new string('\n', blanks) : " ").Append(StripComment(trimmed));
            (blanks, multiLine, next) = (0, true, i + 1);
        }

        return multiLine ? JsonValue.Create(text.ToString()) : PlainValue(text.ToString(), line);
    }

    /// <summary>Plain scalars that YAML reads as null or boolean; everything else is a string.</summary>
    private static JsonNode? PlainValue(string text, int line) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when text.StartsWith('@') || text.StartsWith('`') => throw Error(line, $"a plain scalar cannot start with '{text[0]}'"),
        _ => JsonValue.Create(text),
    };

    private static string StripComment(string text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '#' && text[i - 1] is ' ' or '\t')
            {
                return text[..i].TrimEnd(' ', '\t');
            }
        }

        return text.TrimEnd(' ', '\t');
    }

    /// <summary>A quoted scalar that may continue over the following lines (line breaks fold to spaces, blank lines to newlines).</summary>
    private JsonValue ParseQuoted(string text, int line)
    {
        var quote = text[0];
        var raw = new StringBuilder();
        var rest = text[1..];
        while (true)
        {
            var close = quote == '"' ? FindDoubleQuoteEnd(rest, 0) : FindSingleQuoteEnd(rest, 0);
            var escapedBreak = quote == '"' && close < 0 && EndsWithOpenEscape(rest.TrimEnd(' ', '\t'));
            if (close >= 0)
            {
                raw.Append(rest[..close]);
                if (!IsInsignificant(rest.AsSpan(close + 1)))
                {
                    throw Error(line, "unexpected text after a quoted scalar");
                }

                break;
            }

            var segment = rest.TrimEnd(' ', '\t');
            raw.Append(escapedBreak ? segment[..^1] : segment);
            rest = NextQuotedLine(raw, escapedBreak, line);
        }

        var value = raw.ToString();
        return JsonValue.Create(quote == '"' ? Unescape(value, line) : value.Replace("''", "'", StringComparison.Ordinal));
    }

    /// <summary>Consumes the next line(s) of a multi-line quoted scalar and appends the folded line break.</summary>
    private string NextQuotedLine(StringBuilder raw, bool escapedBreak, int line)
    {
        var blanks = 0;
        while (next < lines.Length && lines[next].Trim(' ', '\t').Length == 0)
        {
            blanks++;
            next++;
        }

        if (next >= lines.Length)
        {
            throw Error(line, "unterminated quoted scalar");
        }

        raw.Append(blanks > 0 ? new string('\n', blanks) : escapedBreak ? "" : " ");
        return lines[next++].TrimStart(' ', '\t');
    }

    private static (string Value, string After) ParseQuotedOnLine(string text, int line)
    {
        var close = text[0] == '"' ? FindDoubleQuoteEnd(text, 1) : FindSingleQuoteEnd(text, 1);
        if (close < 0)
        {
            throw Error(line, "unterminated quoted key");
        }

        var raw = text[1..close];
        var value = text[0] == '"' ? Unescape(raw, line) : raw.Replace("''", "'", StringComparison.Ordinal);
        return (value, text[(close + 1)..]);
    }

    private static int FindDoubleQuoteEnd(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindSingleQuoteEnd(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return -1;
    }

    private static bool EndsWithOpenEscape(string text)
    {
        var count = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }
}
