using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core;

/// <summary>
/// How Multi writes JSON text: compact, with the default (strict) escaping. The relaxed encoder would print
/// quotes and non-ASCII as they are, but building it costs every short-lived plugin call about 0.1 ms; escaped
/// text such as <c>\u0022</c> is the same JSON to every reader.
/// </summary>
public static class JsonText
{
    private static readonly JsonWriterOptions WriterOptions = default;

    public static string Write(JsonNode node) => Encoding.UTF8.GetString(WriteUtf8(node));

    public static byte[] WriteUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
