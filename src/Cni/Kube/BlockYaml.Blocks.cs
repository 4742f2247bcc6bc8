using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Multi.Cni.Kube;

internal sealed partial class BlockYaml
{
    /// <summary>A literal (<c>|</c>) or folded (<c>&gt;</c>) block scalar with optional chomping (<c>-</c>, <c>+</c>).</summary>
    private JsonValue ParseBlockScalar(string header, int parentIndent, int line)
    {
        var indicators = StripComment(header);
        var chomping = indicators.Length > 1 ? indicators[1] : ' ';
        if (indicators.Length > 2 || chomping is not (' ' or '-' or '+'))
        {
            throw Error(line, $"block scalar header \"{indicators}\" is not supported (only |, |-, |+, >, >-, >+)");
        }

        var body = new List<string>();
        var blockIndent = -1;
        for (; next < lines.Length; next++)
        {
            if (lines[next].Trim(' ', '\t').Length == 0)
            {
                body.Add("");
                continue;
            }

            var indent = Indentation(next);
            if (indent <= parentIndent)
            {
                break;
            }

            if (blockIndent < 0)
            {
                blockIndent = indent;
            }
            else if (indent < blockIndent)
            {
                throw Error(next, "less indented than the first line of its block scalar");
            }

            body.Add(lines[next][blockIndent..]);
        }

        var trailing = 0;
        while (body.Count > 0 && body[^1].Length == 0)
        {
            body.RemoveAt(body.Count - 1);
            trailing++;
        }

        var text = indicators[0] == '|' ? string.Join('\n', body) : Fold(body);
        return JsonValue.Create(chomping switch
        {
            '-' => text,
            '+' => text + new string('\n', trailing + (body.Count > 0 ? 1 : 0)),
            _ => body.Count > 0 ? text + "\n" : "",
        });
    }

    /// <summary>Folding: line breaks between text lines become spaces, blank lines become newlines, more-indented lines stay as they are.</summary>
    private static string Fold(List<string> body)
    {
        var text = new StringBuilder();
        for (var i = 0; i < body.Count; i++)
        {
            if (i > 0)
            {
                var joinWithSpace = body[i - 1].Length > 0 && body[i].Length > 0 && body[i - 1][0] != ' ' && body[i][0] != ' ';
                var besideBlank = body[i - 1].Length == 0 || body[i].Length == 0;
                text.Append(joinWithSpace ? " " : besideBlank ? "" : "\n");
            }

            text.Append(body[i].Length == 0 ? "\n" : body[i]);
        }

        return text.ToString();
    }

    private static string Unescape(string raw, int line)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                text.Append(raw[i]);
                continue;
            }

            if (++i == raw.Length)
            {
                throw Error(line, "a double-quoted scalar ends with a lone backslash");
            }

            var c = raw[i];
            var simple = EscapedChar(c);
            if (simple is not null)
            {
                text.Append(simple);
                continue;
            }

            var digits = c switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => throw Error(line, $"unknown escape \\{c}") };
            if (raw.Length - i - 1 < digits ||
                !int.TryParse(raw.AsSpan(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ||
                code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            {
                throw Error(line, $"bad escape \\{c} in a double-quoted scalar");
            }

            text.Append(char.ConvertFromUtf32(code));
            i += digits;
        }

        return text.ToString();
    }

    private static string? EscapedChar(char c) => c switch
    {
        '0' => "\0",
        'a' => "\a",
        'b' => "\b",
        't' or '\t' => "\t",
        'n' => "\n",
        'v' => "\v",
        'f' => "\f",
        'r' => "\r",
        'e' => "\u001b",
        ' ' => " ",
        '"' => "\"",
        '/' => "/",
        '\\' => "\\",
        'N' => "\u0085",
        '_' => "\u00a0",
        'L' => "\u2028",
        'P' => "\u2029",
        _ => null,
    };
}
