using System.Text.Json.Nodes;
using Multi.Cni.Kube;
using Multi.Core.Cni;

namespace Multi.Bench.Ipam;

/// <summary>One long-lived client per allocator (a node agent's view of cost); the plugin's per-call dispose is skipped.</summary>
internal sealed class WorkerKube(IKubeApi api) : IKubeApiFactory, IKubeApi
{
    public int RequestCount => api.RequestCount;

    public IKubeApi Create(string kubeconfigPath, CniCommand command) => this;

    public Task<JsonObject> GetAsync(string path, CancellationToken ct) => api.GetAsync(path, ct);

    public Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken ct) => api.CreateAsync(path, body, ct);

    public Task<KubeCreateAnswer> CreateUtf8IfAbsentAsync(string path, byte[] body, CancellationToken ct) => api.CreateUtf8IfAbsentAsync(path, body, ct);

    public Task<JsonObject> PatchAsync(string path, string contentType, JsonNode body, CancellationToken ct) => api.PatchAsync(path, contentType, body, ct);

    public Task<JsonObject> DeleteAsync(string path, string? uid, string? resourceVersion, CancellationToken ct) => api.DeleteAsync(path, uid, resourceVersion, ct);
}
