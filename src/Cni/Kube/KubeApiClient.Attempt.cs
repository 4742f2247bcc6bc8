using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Cni.Kube;

internal sealed partial class KubeApiClient
{
    /// <summary>
    /// One HTTP request under its own timeout: the result, or the failure as a <see cref="KubeApiException"/> (returned, not
    /// thrown). Only the caller's cancellation is thrown.
    /// </summary>
    private async Task<(T? Answer, KubeApiException? Failure)> AttemptAsync<T>(KubeRequest request, Func<KubeRequest, int, byte[], T> read, CancellationToken call, CancellationToken caller)
    {
        using var attempt = new CancellationTokenSource(policy.AttemptTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(call, attempt.Token);
        using var message = new HttpRequestMessage(request.Method, serverBase + request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType ?? "application/json");
        }

        if (tokenFile is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenFile.Current());
        }

        Interlocked.Increment(ref requestCount);
        sent?.Invoke(request.Method);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? (read(request, (int)response.StatusCode, body), null) : (default, StatusFailure(request, response, body));
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
        {
            var limit = attempt.IsCancellationRequested ? policy.AttemptTimeout : policy.TotalTimeout;
            return (default, TransportFailure(request, $"no answer within {Seconds(limit)} s ({serverAuthority})", transient: true, ex));
        }
        catch (HttpRequestException ex)
        {
            var (what, transient) = Classify(ex);
            return (default, TransportFailure(request, $"{what} ({serverAuthority})", transient, ex));
        }
        catch (KubeApiException ex)
        {
            return (default, ex); // an answer read() refused
        }
    }

    private static KubeApiException TransportFailure(KubeRequest request, string message, bool transient, Exception cause) =>
        new(request.Method.Method, request.Path, null, null, message, transient, innerException: cause);

    private static JsonObject ParseObject(KubeRequest request, int code, byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject result)
            {
                return result;
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new KubeApiException(request.Method.Method, request.Path, code, null, "the response is not a JSON object", isTransient: false);
    }

    /// <summary>An HTTP error: the Status reason and message from the body when it has them.</summary>
    private KubeApiException StatusFailure(KubeRequest request, HttpResponseMessage response, byte[] body)
    {
        var code = (int)response.StatusCode;
        string? reason = null;
        string? text = null;
        try
        {
            if (JsonNode.Parse(body) is JsonObject status && status["kind"]?.GetValueKind() == JsonValueKind.String && (string?)status["kind"] == "Status")
            {
                reason = status["reason"] is JsonValue r && r.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
                text = status["message"] is JsonValue m && m.TryGetValue<string>(out var t) ? t : null;
            }
        }
        catch (JsonException)
        {
            // Not a Status: the body itself is the message.
        }

        text ??= body.Length > 0 ? Truncate(Encoding.UTF8.GetString(body)) : response.ReasonPhrase ?? "no message";
        var transient = code is 429 or 500 or 502 or 503 or 504;
        return new KubeApiException(request.Method.Method, request.Path, code, reason, text, transient) { RetryAfter = RetryAfter(response) };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };

    /// <summary>What went wrong on the wire, and whether trying again may help (the server unreachable or restarting).</summary>
    private static (string What, bool Transient) Classify(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                        return ("connection refused", true);
                    case SocketError.ConnectionReset:
                        return ("connection reset", true);
                    case SocketError.ConnectionAborted or SocketError.Shutdown:
                        return ("connection aborted", true);
                }
            }
        }

        var detail = ex.InnerException?.Message ?? ex.Message;
        return ex.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => ("connection closed before the response was complete", true),
            HttpRequestError.ConnectionError => ($"cannot connect: {detail}", true),
            HttpRequestError.SecureConnectionError => ($"TLS handshake failed: {detail}", false),
            HttpRequestError.NameResolutionError => ($"cannot resolve the server name: {detail}", false),
            _ => (ex.Message, false),
        };
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
