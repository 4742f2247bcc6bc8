using System.Globalization;
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

    // client-go's reflector lists in chunks of 500.
    private const int ListPageSize = 500;
    private const string ContinueExpired = "multi.continue-expired";

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

    /// <summary>
    /// The whole list, read in pages of <see cref="ListPageSize"/> as client-go's reflector does, so that listing 100,000
    /// objects never holds one response of them all; every page is served from the first page's snapshot. A continue
    /// token that expires in the middle (410) restarts the list once without paging, as client-go's pager falls back.
    /// </summary>
    public async Task<ListResult<T>> ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ListPagesAsync(ListPageSize, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceExpiredException ex) when (ex.Data.Contains(ContinueExpired))
        {
            return await ListPagesAsync(0, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ListResult<T>> ListPagesAsync(int limit, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var version = "";
        string? next = null;
        do
        {
            var query = new StringBuilder(selectors);
            if (limit > 0)
                query.Append("&limit=").Append(limit.ToString(CultureInfo.InvariantCulture));
            if (next is not null)
                query.Append("&continue=").Append(Uri.EscapeDataString(next));
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(query.Length == 0 ? "" : "?" + query.ToString(1, query.Length - 1), cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceExpiredException ex) when (next is not null)
            {
                ex.Data[ContinueExpired] = true;
                throw;
            }

            using (response)
            {
                (version, next) = await ReadPageAsync(response, items, cancellationToken).ConfigureAwait(false);
            }
        }
        while (!string.IsNullOrEmpty(next));

        return new ListResult<T>(items, version);
    }

    /// <summary>Adds one page's items and answers its resourceVersion and continue token.</summary>
    private async Task<(string Version, string? Continue)> ReadPageAsync(HttpResponseMessage response, List<T> items, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var hasMeta = root.TryGetProperty("metadata", out var meta);
            var version = hasMeta && meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() ?? "" : "";
            var next = hasMeta && meta.TryGetProperty("continue", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            var kind = root.TryGetProperty("kind", out var listKind) && listKind.GetString() is { } k && k.EndsWith("List", StringComparison.Ordinal) ? k[..^4] : null;
            if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in array.EnumerateArray())
                    items.Add(WithType(Deserialize(element), kind));
            }

            return (version, next);
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
