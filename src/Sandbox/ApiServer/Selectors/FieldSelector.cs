using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Selectors;

/// <summary>
/// The <c>fieldSelector</c> query parameter: <c>path=v</c>, <c>path==v</c>, <c>path!=v</c> terms over dotted paths
/// (metadata.name, metadata.namespace, spec.nodeName, status.phase, …). A missing field reads as the empty string.
/// </summary>
internal sealed record FieldSelector(IReadOnlyList<(string Path, bool Equal, string Value)> Terms)
{
    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        return new FieldSelector(text.Split(',').Select(ParseTerm).ToList());
    }

    public bool Matches(JsonObject obj) => Terms.All(t => (Read(obj, t.Path) == t.Value) == t.Equal);

    private static (string, bool, string) ParseTerm(string term)
    {
        foreach (var (symbol, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = term.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
                return (term[..at].Trim(), equal, term[(at + symbol.Length)..].Trim());
        }

        throw ApiException.BadRequest($"invalid field selector term \"{term}\"");
    }

    private static string Read(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
