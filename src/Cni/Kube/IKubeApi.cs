using System.Text.Json.Nodes;

namespace Multi.Cni.Kube;

/// <summary>
/// The few Kubernetes API calls the plugin makes, on paths such as <c>/api/v1/namespaces/ns/pods/name</c>. Each call
/// is bounded in time and retries transient failures; failures are <see cref="KubeApiException"/>s.
/// </summary>
internal interface IKubeApi
{
    Task<JsonObject> GetAsync(string path, CancellationToken ct);

    Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken ct);

    /// <summary>
    /// Create-if-absent from a body already serialized as UTF-8 JSON: the server's answer as bytes, unparsed (for a caller that
    /// reads only part of it), or no answer when the name is taken (409), reported without an exception since a lock by name
    /// loses often under contention. Other failures are thrown as by <see cref="CreateAsync"/>.
    /// </summary>
    Task<KubeCreateAnswer> CreateUtf8IfAbsentAsync(string path, byte[] body, CancellationToken ct);

    /// <summary><paramref name="contentType"/>: application/merge-patch+json, application/json-patch+json or application/strategic-merge-patch+json.</summary>
    Task<JsonObject> PatchAsync(string path, string contentType, JsonNode body, CancellationToken ct);

    /// <summary>
    /// Deletes one object. <paramref name="uid"/> (and <paramref name="resourceVersion"/>), when given, go into the
    /// DeleteOptions preconditions: a re-created object of the same name answers 409 Conflict instead of being deleted.
    /// </summary>
    Task<JsonObject> DeleteAsync(string path, string? uid, string? resourceVersion, CancellationToken ct);

    /// <summary>HTTP requests actually sent, retries included.</summary>
    int RequestCount { get; }
}
