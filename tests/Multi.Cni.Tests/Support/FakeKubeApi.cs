using System.Text;
using System.Text.Json.Nodes;
using Multi.Cni.Kube;
using Multi.Core.Cni;

namespace Multi.Cni.Tests.Support;

/// <summary>
/// An API server in memory that answers GETs with JSON text as written (so it can hold what the real client would
/// receive, lone surrogate escapes included), parsed as the client parses it. Any other path is 404; writes succeed.
/// </summary>
internal sealed class FakeKubeApi : IKubeApiFactory, IKubeApi
{
    public Dictionary<string, string> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every call fails as an unreachable server does.</summary>
    public bool Down { get; set; }

    public int RequestCount { get; private set; }

    public IKubeApi Create(string kubeconfigPath, CniCommand command) => this;

    public Task<JsonObject> GetAsync(string path, CancellationToken ct)
    {
        RequestCount++;
        if (Down)
        {
            throw new KubeApiException("GET", path, null, null, "connection refused", isTransient: true);
        }

        var question = path.IndexOf('?', StringComparison.Ordinal);
        var key = question < 0 ? path : path[..question];
        return Objects.TryGetValue(key, out var text)
            ? Task.FromResult((JsonObject)JsonNode.Parse(Encoding.UTF8.GetBytes(text))!)
            : throw new KubeApiException("GET", path, 404, "NotFound", "not found", isTransient: false);
    }

    public Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken ct) => Answer(path, body);

    public Task<KubeCreateAnswer> CreateUtf8IfAbsentAsync(string path, byte[] body, CancellationToken ct) =>
        Task.FromResult(new KubeCreateAnswer(body, 1));

    public Task<JsonObject> PatchAsync(string path, string contentType, JsonNode body, CancellationToken ct) => Answer(path, body);

    public Task<JsonObject> DeleteAsync(string path, string? uid, string? resourceVersion, CancellationToken ct) => Answer(path, null);

    /// <summary>A pod whose metadata is the given JSON text for <c>annotations</c>.</summary>
    public void AddPod(string ns, string name, string uid, string annotationsJson) =>
        Objects[$"/api/v1/namespaces/{ns}/pods/{name}"] =
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"{{{ns}}}","name":"{{{name}}}","uid":"{{{uid}}}","annotations":{{{annotationsJson}}}}}""";

    /// <summary>A NAD whose <c>spec.config</c> is the given JSON text (a JSON string literal, escapes as written).</summary>
    public void AddNad(string ns, string name, string configLiteral) =>
        Objects[$"/apis/k8s.cni.cncf.io/v1/namespaces/{ns}/network-attachment-definitions/{name}"] =
            $$$"""{"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition","metadata":{"namespace":"{{{ns}}}","name":"{{{name}}}"},"spec":{"config":{{{configLiteral}}}}}""";

    private Task<JsonObject> Answer(string path, JsonNode? body)
    {
        RequestCount++;
        return Down
            ? throw new KubeApiException("POST", path, null, null, "connection refused", isTransient: true)
            : Task.FromResult(new JsonObject());
    }
}
