using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core;

namespace Multi.Cni.Kube;

/// <summary>
/// A small Kubernetes API client for the plugin: JSON in and out as <see cref="JsonObject"/>, no reflection, every
/// call bounded by a <see cref="KubeRetryPolicy"/> on an injected clock. Create it only when the API is needed:
/// loading the kubeconfig reads files and certificates.
/// </summary>
internal sealed partial class KubeApiClient : IKubeApi, IDisposable
{
    private const int MaxResponseBytes = 16 * 1024 * 1024;
    private readonly HttpClient http;
    private readonly string serverBase;
    private readonly string serverAuthority;
    private readonly KubeRetryPolicy policy;
    private readonly TimeProvider clock;
    private int requestCount;

    /// <param name="serverName">
    /// The TLS server name (kubeconfig <c>tls-server-name</c>). SocketsHttpHandler takes the SNI and the name it checks
    /// from the Host header, not from <c>SslOptions.TargetHost</c>, so it is sent as the Host header.
    /// </param>
    internal KubeApiClient(HttpMessageHandler handler, Uri server, AuthenticationHeaderValue? authorization, KubeRetryPolicy policy, TimeProvider clock, string? serverName = null)
    {
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxResponseBytes };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("multi", typeof(KubeApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        http.DefaultRequestHeaders.Authorization = authorization;
        http.DefaultRequestHeaders.Host = serverName;
        serverBase = server.GetLeftPart(UriPartial.Path).TrimEnd('/');
        serverAuthority = server.GetLeftPart(UriPartial.Authority);
        this.policy = policy;
        this.clock = clock;
    }

    public int RequestCount => Volatile.Read(ref requestCount);

    public static KubeApiClient Create(string kubeconfigPath, KubeRetryPolicy policy, TimeProvider clock) =>
        Create(KubeconfigLoader.Load(kubeconfigPath), policy, clock);

    public static KubeApiClient Create(Kubeconfig config, KubeRetryPolicy policy, TimeProvider clock) =>
        new(KubeTransport.CreateHandler(config, policy), config.Server, KubeTransport.Authorization(config), policy, clock, config.Server.Scheme == Uri.UriSchemeHttps ? config.TlsServerName : null);

    public Task<JsonObject> GetAsync(string path, CancellationToken ct) =>
        SendAsync(new KubeRequest(HttpMethod.Get, path, null, null), ct);

    public Task<JsonObject> CreateAsync(string path, JsonObject body, CancellationToken ct) =>
        SendAsync(new KubeRequest(HttpMethod.Post, path, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString())), ct);

    public async Task<KubeCreateAnswer> CreateUtf8IfAbsentAsync(string path, byte[] body, CancellationToken ct)
    {
        var (answer, failure, attempts) = await CallAsync(new KubeRequest(HttpMethod.Post, path, "application/json", body), static (_, _, bytes) => bytes, ct).ConfigureAwait(false);
        return failure is null ? new KubeCreateAnswer(answer, attempts)
            : failure.StatusCode == 409 ? new KubeCreateAnswer(null, attempts)
            : throw failure;
    }

    public Task<JsonObject> PatchAsync(string path, string contentType, JsonNode body, CancellationToken ct) =>
        SendAsync(new KubeRequest(HttpMethod.Patch, path, contentType, Encoding.UTF8.GetBytes(body.ToJsonString())), ct);

    public Task<JsonObject> DeleteAsync(string path, string? uid, string? resourceVersion, CancellationToken ct)
    {
        byte[]? body = null;
        if (uid is not null || resourceVersion is not null)
        {
            var preconditions = new JsonObject();
            Json.SetIfPresent(preconditions, "uid", uid);
            Json.SetIfPresent(preconditions, "resourceVersion", resourceVersion);
            var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["preconditions"] = preconditions };
            body = Encoding.UTF8.GetBytes(options.ToJsonString());
        }

        return SendAsync(new KubeRequest(HttpMethod.Delete, path, body is null ? null : "application/json", body), ct);
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonObject> SendAsync(KubeRequest request, CancellationToken ct)
    {
        var (answer, failure, _) = await CallAsync(request, ParseObject, ct).ConfigureAwait(false);
        return failure is null ? answer! : throw failure;
    }

    /// <summary>
    /// One call: tries until success, a permanent failure, <see cref="KubeRetryPolicy.MaxAttempts"/> or the total bound, and
    /// answers the result or the failure (reported after the attempts made) with the number of attempts. A failure is returned,
    /// not thrown, so that an expected one (a taken name) costs no exception. <paramref name="read"/> turns a successful answer
    /// (request, status code, body) into the result, or throws a non-transient <see cref="KubeApiException"/>. Only the caller's
    /// cancellation is thrown.
    /// </summary>
    private async Task<(T? Answer, KubeApiException? Failure, int Attempts)> CallAsync<T>(KubeRequest request, Func<KubeRequest, int, byte[], T> read, CancellationToken ct)
    {
        if (!request.Path.StartsWith('/'))
        {
            throw new ArgumentException($"API path \"{request.Path}\" must start with '/'", nameof(request));
        }

        var started = clock.GetTimestamp();
        using var total = new CancellationTokenSource(policy.TotalTimeout, clock);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(ct, total.Token);
        for (var attempt = 1; ; attempt++)
        {
            var (answer, failure) = await AttemptAsync(request, read, call.Token, ct).ConfigureAwait(false);
            if (failure is null)
            {
                return (answer, null, attempt);
            }

            var delay = NextDelay(failure, clock.GetElapsedTime(started));
            if (!failure.IsTransient || attempt >= policy.MaxAttempts || delay is null)
            {
                return (default, failure.AfterAttempts(attempt), attempt);
            }

            try
            {
                await Task.Delay(delay.Value, clock, call.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return (default, failure.AfterAttempts(attempt), attempt);
            }
        }
    }

    /// <summary>The wait before the next attempt (Retry-After when longer than the interval); null when it would pass the total bound.</summary>
    private TimeSpan? NextDelay(KubeApiException failure, TimeSpan elapsed)
    {
        var delay = failure.RetryAfter is { } asked && asked > policy.RetryInterval ? asked : policy.RetryInterval;
        return elapsed + delay < policy.TotalTimeout ? delay : null;
    }
}
