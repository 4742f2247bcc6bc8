using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Multi.Runtime.Informers;

/// <summary>
/// Lists and watches one resource over the client's own <see cref="HttpClient"/> and credentials, reading the watch
/// stream (newline-delimited JSON) itself so that core and custom, namespaced and cluster-scoped resources take one
/// path. Objects are deserialized with <see cref="KubernetesJson"/>.
/// </summary>
internal sealed class KubernetesListWatcher<T> : IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    // The server closes a watch after this long (client-go picks 5 to 10 minutes); the informer then resumes it.
    private const int DefaultWatchTimeoutSeconds = 300;

    private readonly Kubernetes client;
    private readonly string path;
    private readonly string apiVersion;
    private readonly string selectors;
    private readonly int watchTimeoutSeconds;

    public KubernetesListWatcher(Kubernetes client, string group, string version, string plural, string? labelSelector, string? fieldSelector, int watchTimeoutSeconds = DefaultWatchTimeoutSeconds)
    {
        this.client = client;
        this.watchTimeoutSeconds = watchTimeoutSeconds;
        apiVersion = group.Length == 0 ? version : group + "/" + version;
        path = (group.Length == 0 ? "api/" : "apis/") + apiVersion + "/" + plural;
        var query = new StringBuilder();
        if (!string.IsNullOrEmpty(labelSelector))
            query.Append("&labelSelector=").Append(Uri.EscapeDataString(labelSelector));
        if (!string.IsNullOrEmpty(fieldSelector))
            query.Append("&fieldSelector=").Append(Uri.EscapeDataString(fieldSelector));
        selectors = query.ToString();
    }

    public async Task<ListResult<T>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(selectors.Length == 0 ? "" : "?" + selectors[1..], cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var version = root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() ?? "" : "";
            var kind = root.TryGetProperty("kind", out var listKind) && listKind.GetString() is { } k && k.EndsWith("List", StringComparison.Ordinal) ? k[..^4] : null;
            var items = new List<T>();
            if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in array.EnumerateArray())
                    items.Add(WithType(Deserialize(element), kind));
            }

            return new ListResult<T>(items, version);
        }
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"?watch=true&allowWatchBookmarks=true&timeoutSeconds={watchTimeoutSeconds}&resourceVersion={Uri.EscapeDataString(resourceVersion)}{selectors}";
        using var response = await SendAsync(query, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
                yield return Parse(line);
        }
    }

    private static T Deserialize(JsonElement element) =>
        KubernetesJson.Deserialize<T>(element.GetRawText()) ?? throw new JsonException("null object in a list or watch");

    private static int? StatusCode(JsonElement status) =>
        status.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) ? value : null;

    private T WithType(T obj, string? kind)
    {
        obj.ApiVersion ??= apiVersion;
        obj.Kind ??= kind;
        return obj;
    }

    private WatchEvent<T> Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        var obj = root.GetProperty("object");
        if (type == "ERROR")
        {
            var code = StatusCode(obj);
            var message = obj.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (code == 410)
                throw new ResourceExpiredException(message ?? "410 Gone");
            throw new HttpRequestException($"watch {path}: error event {code}: {message}", null, (HttpStatusCode?)code);
        }

        var version = obj.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() ?? "" : "";
        return type switch
        {
            "BOOKMARK" => new WatchEvent<T>(WatchEventKind.Bookmark, null, version),
            "ADDED" => new WatchEvent<T>(WatchEventKind.Added, WithType(Deserialize(obj), null), version),
            "MODIFIED" => new WatchEvent<T>(WatchEventKind.Modified, WithType(Deserialize(obj), null), version),
            "DELETED" => new WatchEvent<T>(WatchEventKind.Deleted, WithType(Deserialize(obj), null), version),
            _ => throw new JsonException($"watch {path}: unknown event type '{type}'"),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(string query, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path + query));
        if (client.Credentials is { } credentials)
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Gone)
                throw new ResourceExpiredException($"GET {path}: 410 Gone: {body}");
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {response.ReasonPhrase}: {body}", null, response.StatusCode);
        }
    }
}
