using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Cni.Kube;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// One CNI request's API: GETs of a pod, a NAD, a namespace's NADs, an IPPool or this node come from the informer caches (a
/// miss is read from the server and counted); everything else (claims above all: their reads must be current) goes over HTTP.
/// Posting an event only queues it for the <see cref="EventSender"/> and answers at once, so that the answer never waits for
/// events. <see cref="RequestCount"/> counts what this request itself sent. The shared client is never disposed here.
/// </summary>
internal sealed class CachedKubeApi(NodeCaches caches, KubeApiClient http, EventSender events, NodeApiMetrics metrics, ILogger logger) : IKubeApi
{
    private const string StatusSuffix = "/status";

    /// <summary>Pods whose status write met a conflict: the engine re-reads them to compare UIDs, so the server must answer.</summary>
    private readonly ConcurrentDictionary<string, bool> fresh = new(StringComparer.Ordinal);

    public int RequestCount => http.RequestCount;

    public Task<JsonObject> GetAsync(string path, CancellationToken ct)
    {
        var route = CacheRoute.Parse(path);
        switch (route.Kind)
        {
            case CacheKind.None or CacheKind.Events:
                return http.GetAsync(path, ct);
            case CacheKind.NadList:
                return caches.Nads.HasSynced ? Task.FromResult(caches.NadList(route.Namespace)) : http.GetAsync(path, ct);
        }

        if (!fresh.ContainsKey(path) && caches.Find(route) is { } cached)
        {
            return Task.FromResult(cached);
        }

        var kind = KindLabel(route.Kind);
        metrics.CacheMisses.WithLabels(kind).Inc();
        NodeApiLog.CacheMiss(logger, kind, path);
        return http.GetAsync(path, ct);
    }

    public Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken ct)
    {
        if (CacheRoute.Parse(path).Kind != CacheKind.Events)
        {
            return http.CreateAsync(path, body, ct);
        }

        events.TryPost(new PendingEvent(path, body.DeepClone().AsObject()));
        return Task.FromResult(body.DeepClone().AsObject());
    }

    public Task<KubeCreateAnswer> CreateUtf8IfAbsentAsync(string path, byte[] body, CancellationToken ct) =>
        http.CreateUtf8IfAbsentAsync(path, body, ct);

    public async Task<JsonObject> PatchAsync(string path, string contentType, JsonNode body, CancellationToken ct)
    {
        try
        {
            return await http.PatchAsync(path, contentType, body, ct).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.StatusCode == 409 && path.EndsWith(StatusSuffix, StringComparison.Ordinal)
            && CacheRoute.Parse(path[..^StatusSuffix.Length]).Kind == CacheKind.Pod)
        {
            fresh[path[..^StatusSuffix.Length]] = true;
            throw;
        }
    }

    public Task<JsonObject> DeleteAsync(string path, string? uid, string? resourceVersion, CancellationToken ct) =>
        http.DeleteAsync(path, uid, resourceVersion, ct);

    private static string KindLabel(CacheKind kind) => kind switch
    {
        CacheKind.Pod => "pod",
        CacheKind.Nad => "nad",
        CacheKind.Pool => "ippool",
        CacheKind.Node => "node",
        _ => "other",
    };
}
