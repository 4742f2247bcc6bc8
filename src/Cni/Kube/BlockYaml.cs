using System.Text.Json.Nodes;

namespace Multi.Cni.Kube;

/// <summary>
/// Reads the block-YAML subset that kubeconfig writers produce (kubectl, kubeadm, kind, Multus's installer) into JSON
/// nodes: block mappings and sequences (a sequence may sit at its key's indentation), plain, single- and
/// double-quoted scalars (also over several lines), literal and folded block scalars, single-line flow collections,
/// comments and one document. Plain <c>null</c>/<c>~</c> and <c>true</c>/<c>false</c> become JSON null and booleans;
/// every other scalar is a string. Anchors, aliases, tags, complex keys and multiple documents are refused.
/// Errors are <see cref="FormatException"/>s that start with the line number.
/// </summary>
internal sealed partial class BlockYaml
{
    private readonly string[] lines;
    private int next;

    private BlockYaml(string[] lines) => this.lines = lines;

    /// <summary>The document as JSON; null for an empty document.</summary>
    public static JsonNode? Parse(string text)
    {
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return new BlockYaml(lines).ParseDocument();
    }

    private JsonNode? ParseDocument()
    {
        SkipDocumentStart();
        var root = TryPeek(out var indent) ? ParseBlock(indent) : null;
        if (next >= lines.Length || lines[next].StartsWith("...", StringComparison.Ordinal))
        {
            return root;
        }

        throw Error(next, IsDocumentMarker(lines[next]) ? "only one YAML document is supported" : "unexpected indentation");
    }

    /// <summary>Skips directives (<c>%YAML</c>) and one <c>---</c> marker; text after the marker on its line is refused.</summary>
    private void SkipDocumentStart()
    {
        SkipInsignificant();
        while (next < lines.Length && lines[next].StartsWith('%'))
        {
            next++;
            SkipInsignificant();
        }

        if (next < lines.Length && IsDocumentMarker(lines[next]) && lines[next][0] == '-')
        {
            if (!IsInsignificant(lines[next].AsSpan(3)))
            {
                throw Error(next, "content on the document start line is not supported");
            }

            next++;
        }
    }

    /// <summary>Nested blocks indent further: bounding the indentation bounds the recursion (no kubeconfig comes near it).</summary>
    private const int MaxIndent = 256;

    private JsonNode ParseBlock(int indent) =>
        indent > MaxIndent ? throw Error(next, $"indented more than {MaxIndent} columns (nested too deeply)")
        : IsSequenceEntry(lines[next].AsSpan(indent)) ? ParseSequence(indent) : ParseMapping(indent);

    private JsonObject ParseMapping(int indent)
    {
        var map = new JsonObject();
        while (TryPeek(out var column) && column == indent && !IsSequenceEntry(lines[next].AsSpan(indent)))
        {
            var line = next;
            var (key, rest) = SplitKey(lines[line][indent..], line);
            if (map.ContainsKey(key))
            {
                throw Error(line, $"duplicate key \"{key}\"");
            }

            next++;
            map[key] = IsInsignificant(rest) ? ParseNested(indent, allowSequenceAtIndent: true) : ParseValue(rest, indent, line);
        }

        return map;
    }

    private JsonArray ParseSequence(int indent)
    {
        var array = new JsonArray();
        while (TryPeek(out var column) && column == indent && IsSequenceEntry(lines[next].AsSpan(indent)))
        {
            var line = next;
            var rest = lines[line][(indent + 1)..];
            var content = rest.TrimStart(' ');
            if (IsInsignificant(content))
            {
                next++;
                array.Add(ParseNested(indent, allowSequenceAtIndent: false));
            }
            else if (IsSequenceEntry(content) || LooksLikeMappingEntry(content))
            {
                // The entry's first line continues a block at the column after "- ": re-read it from there.
                var start = indent + 1 + (rest.Length - content.Length);
                lines[line] = new string(' ', start) + content;
                array.Add(ParseBlock(start));
            }
            else
            {
                next++;
                array.Add(ParseValue(content, indent, line));
            }
        }

        return array;
    }

    /// <summary>The value of a key or entry written on the following lines: more indented, or (for a key) a sequence at the key's column.</summary>
    private JsonNode? ParseNested(int parentIndent, bool allowSequenceAtIndent)
    {
        if (!TryPeek(out var column))
        {
            return null;
        }

        if (column > parentIndent || (allowSequenceAtIndent && column == parentIndent && IsSequenceEntry(lines[next].AsSpan(column))))
        {
            return ParseBlock(column);
        }

        return null;
    }

    private (string Key, string Value) SplitKey(string content, int line)
    {
        if (content[0] is '"' or '\'')
        {
            var (key, after) = ParseQuotedOnLine(content, line);
            after = after.TrimStart(' ');
            if (after.Length == 0 || after[0] != ':' || (after.Length > 1 && after[1] is not (' ' or '\t')))
            {
                throw Error(line, $"expected ':' after the key \"{key}\"");
            }

            return (key, after[1..]);
        }

        RefuseUnsupported(content, line);
        var colon = FindMappingColon(content);
        if (colon < 0)
        {
            throw Error(line, "expected \"key: value\"");
        }

        return (content[..colon].TrimEnd(' ', '\t'), content[(colon + 1)..]);
    }

    private static bool LooksLikeMappingEntry(string content) =>
        content[0] is '"' or '\'' ? QuotedKeyFollowedByColon(content) : content[0] is not ('[' or '{' or '|' or '>') && FindMappingColon(content) >= 0;

    private static bool QuotedKeyFollowedByColon(string content)
    {
        var close = content[0] == '"' ? FindDoubleQuoteEnd(content, 1) : FindSingleQuoteEnd(content, 1);
        return close > 0 && content[(close + 1)..].TrimStart(' ') is [':', ..] after && (after.Length == 1 || after[1] is ' ' or '\t');
    }

    /// <summary>The first ':' followed by a space or the end of the line, before any comment; -1 if none.</summary>
    private static int FindMappingColon(string content)
    {
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '#' && i > 0 && content[i - 1] is ' ' or '\t')
            {
                return -1;
            }

            if (content[i] == ':' && (i + 1 == content.Length || content[i + 1] is ' ' or '\t'))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsSequenceEntry(ReadOnlySpan<char> content) =>
        content.Length > 0 && content[0] == '-' && (content.Length == 1 || content[1] is ' ' or '\t');

    private static bool IsInsignificant(ReadOnlySpan<char> text)
    {
        var trimmed = text.TrimStart(" \t");
        return trimmed.Length == 0 || trimmed[0] == '#';
    }

    /// <summary>Skips blank and comment lines; the indentation of the next significant line (false at the end or at a document marker).</summary>
    private bool TryPeek(out int indent)
    {
        SkipInsignificant();
        var more = next < lines.Length && !IsDocumentMarker(lines[next]);
        indent = more ? Indentation(next) : -1;
        return more;
    }

    private void SkipInsignificant()
    {
        while (next < lines.Length && IsInsignificant(lines[next]))
        {
            next++;
        }
    }

    private static bool IsDocumentMarker(string line) =>
        (line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("...", StringComparison.Ordinal)) && (line.Length == 3 || line[3] is ' ' or '\t');

    private int Indentation(int line)
    {
        var text = lines[line];
        var indent = 0;
        while (indent < text.Length && text[indent] == ' ')
        {
            indent++;
        }

        if (indent < text.Length && text[indent] == '\t')
        {
            throw Error(line, "tabs cannot be used for indentation");
        }

        return indent;
    }

    private static FormatException Error(int line, string message) => new($"line {line + 1}: {message}");
}
