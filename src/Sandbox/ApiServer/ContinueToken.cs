using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// The opaque <c>continue</c> of a paged list, shaped like the real server's: base64url of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"ns/name\u0000"}</c>: the version of the first page, which every later
/// page is read at, and the key the next page starts after (<c>name\u0000</c> for a cluster-scoped resource). It also
/// carries how many objects the earlier pages returned (<c>offset</c>, not in the real token), from which a page tells
/// how many remain without counting them.
/// </summary>
internal sealed record ContinueToken(long Version, string Namespace, string Name, long Offset)
{
    private const string TokenVersion = "meta.k8s.io/v1";

    public string Encode(bool namespaced)
    {
        var start = (namespaced ? $"{Namespace}/{Name}" : Name) + "\0";
        var json = new JsonObject { ["v"] = TokenVersion, ["rv"] = Version, ["start"] = start, ["offset"] = Offset }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    public static ContinueToken Decode(string text, bool namespaced)
    {
        try
        {
            var json = JsonNode.Parse(Base64Url.DecodeFromChars(text)) as JsonObject;
            if (json?["v"]?.GetValue<string>() != TokenVersion || json["rv"]?.GetValue<long>() is not { } version || version <= 0)
                throw Invalid("unknown token version");
            var start = json["start"]?.GetValue<string>().TrimEnd('\0') ?? throw Invalid("no start key");
            var offset = json["offset"]?.GetValue<long>() ?? 0;
            var slash = start.IndexOf('/', StringComparison.Ordinal);
            return namespaced && slash >= 0
                ? new ContinueToken(version, start[..slash], start[(slash + 1)..], offset)
                : new ContinueToken(version, "", start, offset);
        }
        catch (Exception error) when (error is FormatException or JsonException or InvalidOperationException)
        {
            throw Invalid(error.Message);
        }
    }

    private static ApiException Invalid(string reason) => ApiException.BadRequest($"continue key is not valid: {reason}");
}
