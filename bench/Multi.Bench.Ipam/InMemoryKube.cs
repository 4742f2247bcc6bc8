using System.Text.Json.Nodes;
using Multi.Cni.Kube;
using Multi.Core.Cni;

namespace Multi.Bench.Ipam;

/// <summary>
/// An API that answers at once from memory (the pool for a GET, the claim with a UID for a POST, nothing for a DELETE): with
/// it the benchmark measures the plugin's own cost per verb, without HTTP or a server. Like the real client it sends bodies
/// serialized and answers with objects parsed from bytes (lazily, as <c>JsonNode.Parse</c> does), so reading an answer costs
/// what it costs against a server; building the answer (a few µs) is counted with the plugin.
/// </summary>
internal sealed class InMemoryKube(JsonObject pool) : IKubeApiFactory, IKubeApi
{
    private int uid;

    public int RequestCount => 0;

    public IKubeApi Create(string kubeconfigPath, CniCommand command) => this;

    public Task<JsonObject> GetAsync(string path, CancellationToken ct) => Task.FromResult(Answer(pool.ToJsonString()));

    public Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken ct) =>
        Task.FromResult(Answer(System.Text.Encoding.UTF8.GetString(Created(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString())))));

    public Task<KubeCreateAnswer> CreateUtf8IfAbsentAsync(string path, byte[] body, CancellationToken ct) => Task.FromResult(new KubeCreateAnswer(Created(body), 1));

    /// <summary>The answer to a create: the body with a UID, resource version and creation time, as bytes.</summary>
    private byte[] Created(byte[] body)
    {
        var created = (JsonObject)JsonNode.Parse(body)!;
        created["metadata"]!["uid"] = $"uid-{Interlocked.Increment(ref uid)}";
        created["metadata"]!["resourceVersion"] = "1";
        created["metadata"]!["creationTimestamp"] = "2026-11-22T00:00:00Z";
        return System.Text.Encoding.UTF8.GetBytes(created.ToJsonString());
    }

    private static JsonObject Answer(string json) => (JsonObject)JsonNode.Parse(System.Text.Encoding.UTF8.GetBytes(json))!;

    public Task<JsonObject> PatchAsync(string path, string contentType, JsonNode body, CancellationToken ct) => throw new NotSupportedException(path);

    public Task<JsonObject> DeleteAsync(string path, string? uid, string? resourceVersion, CancellationToken ct) => Task.FromResult(new JsonObject());
}
