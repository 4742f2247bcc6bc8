using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Annotations;

/// <summary>
/// JSON text as Go's <c>json.MarshalIndent(v, "", "    ")</c> writes it, for byte-level parity of annotations:
/// <c>": "</c> after keys, empty containers as <c>{}</c>/<c>[]</c>, and Go's string escaping (<c>&lt;</c>,
/// <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 as <c>\u</c> escapes; other non-ASCII text unescaped).
/// </summary>
internal static class GoJson
{
    private const string Indent = "    ";

    public static void WriteString(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case var _ when char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]):
                    sb.Append(c).Append(value[++i]);
                    break;
                case var _ when char.IsSurrogate(c):
                    sb.Append("\\ufffd");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Any JSON node at nesting <paramref name="depth"/>.</summary>
    public static void WriteNode(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                WriteObject(sb, o.Select(p => (p.Key, (Action)(() => WriteNode(sb, p.Value, depth + 1)))).ToList(), depth);
                break;
            case JsonArray a:
                WriteArray(sb, a.Select(n => (Action)(() => WriteNode(sb, n, depth + 1))).ToList(), depth);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                WriteString(sb, v.GetValue<string>());
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    public static void WriteStrings(StringBuilder sb, IEnumerable<string> values, int depth) =>
        WriteArray(sb, values.Select(s => (Action)(() => WriteString(sb, s))).ToList(), depth);

    /// <summary>An object whose members write their own values at <paramref name="depth"/> + 1.</summary>
    public static void WriteObject(StringBuilder sb, IReadOnlyList<(string Key, Action WriteValue)> members, int depth)
    {
        if (members.Count == 0)
        {
            sb.Append("{}");
            return;
        }

        sb.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n");
            Pad(sb, depth + 1);
            WriteString(sb, members[i].Key);
            sb.Append(": ");
            members[i].WriteValue();
        }

        sb.Append('\n');
        Pad(sb, depth);
        sb.Append('}');
    }

    private static void WriteArray(StringBuilder sb, IReadOnlyList<Action> items, int depth)
    {
        if (items.Count == 0)
        {
            sb.Append("[]");
            return;
        }

        sb.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n");
            Pad(sb, depth + 1);
            items[i]();
        }

        sb.Append('\n');
        Pad(sb, depth);
        sb.Append(']');
    }

    private static void Pad(StringBuilder sb, int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            sb.Append(Indent);
        }
    }
}
