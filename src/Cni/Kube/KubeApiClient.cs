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
    private readonly TokenFileCredential? tokenFile;
    private readonly bool ownsHttp = true;
    private readonly Action<HttpMethod>? sent;
    private int requestCount;

    /// <param name="serverName">
    /// The TLS server name (kubeconfig <c>tls-server-name</c>). SocketsHttpHandler takes the SNI and the name it checks
    /// from the Host header, not from <c>SslOptions.TargetHost</c>, so it is sent as the Host header.
    /// </param>
    /// <param name="tokenFile">A token that follows its file; sent per request instead of <paramref name="authorization"/>.</param>
    internal KubeApiClient(HttpMessageHandler handler, Uri server, AuthenticationHeaderValue? authorization, KubeRetryPolicy policy, TimeProvider clock, string? serverName = null, TokenFileCredential? tokenFile = null)
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
        this.tokenFile = tokenFile;
    }

    /// <summary>A view of <paramref name="shared"/>: its connections and credentials, another retry policy and request count.</summary>
    private KubeApiClient(KubeApiClient shared, KubeRetryPolicy policy, Action<HttpMethod>? sent)
    {
        http = shared.http;
        serverBase = shared.serverBase;
        serverAuthority = shared.serverAuthority;
        clock = shared.clock;
        tokenFile = shared.tokenFile;
        ownsHttp = false;
        this.policy = policy;
        this.sent = sent;
    }

    public int RequestCount => Volatile.Read(ref requestCount);

    public static KubeApiClient Create(string kubeconfigPath, KubeRetryPolicy policy, TimeProvider clock) =>
        Create(KubeconfigLoader.Load(kubeconfigPath), policy, clock);

    public static KubeApiClient Create(Kubeconfig config, KubeRetryPolicy policy, TimeProvider clock)
    {
        var tokenFile = config is { TokenFile: { } file, BearerToken: { } token } ? new TokenFileCredential(file, token, clock) : null;
        return new(
            KubeTransport.CreateHandler(config, policy),
            config.Server,
            tokenFile is null ? KubeTransport.Authorization(config) : null,
            policy,
            clock,
            config.Server.Scheme == Uri.UriSchemeHttps ? config.TlsServerName : null,
            tokenFile);
    }

    /// <summary>
    /// A client on this one's connections and credentials with its own retry policy and <see cref="RequestCount"/>, for a
    /// long-lived process that serves many calls (the node daemon); <paramref name="sent"/> is told of every request sent.
    /// Disposing the view leaves the connections open; they close with this client.
    /// </summary>
    public KubeApiClient Share(KubeRetryPolicy retryPolicy, Action<HttpMethod>? sent = null) => new(this, retryPolicy, sent);

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

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

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
        var reloaded = false;
        for (var attempt = 1; ; attempt++)
        {
            var (answer, failure) = await AttemptAsync(request, read, call.Token, ct).ConfigureAwait(false);
            if (failure is null)
            {
                return (answer, null, attempt);
            }

            if (failure.StatusCode == 401 && !reloaded && tokenFile is not null)
            {
                reloaded = true;
                if (tokenFile.Reload())
                {
                    continue; // the token rotated since the last look: one more try with the new one
                }
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
