using System.Text;
using System.Text.Json.Nodes;

namespace Multi.Core.Tests.Support;

/// <summary>Small conveniences for writing JSON fixtures inline.</summary>
internal static class TestJson
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static JsonObject Obj(string text) => (JsonObject)JsonNode.Parse(text)!;

    /// <summary>Compact text of a node, for comparing JSON output exactly.</summary>
    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
