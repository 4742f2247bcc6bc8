using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Multi.Operator.Webhook.Review;

namespace Multi.Operator.Webhook;

/// <summary>
/// The HTTP side of a review (RequestDelegates, no minimal-API generation, so NativeAOT serves them as is): reads the
/// AdmissionReview, answers 400 with a plain-text reason when it is not a readable <c>admission.k8s.io/v1</c> review with
/// a uid, 503 while the caches have not synced, 500 naming the failure when a handler throws (the API server then
/// applies the failurePolicy); otherwise 200 with the verdict, the request's uid echoed.
/// </summary>
internal sealed partial class WebhookEndpoints(AdmissionDispatcher dispatcher, WebhookCaches caches, WebhookMetrics metrics, TimeProvider time, ILogger<WebhookEndpoints> logger)
{
    public const string ValidatePath = "/validate";
    public const string MutatePodPath = "/mutate-pod";

    public Task ValidateAsync(HttpContext context) => ServeAsync(context, "validate", dispatcher.ValidateAsync);

    public Task MutatePodAsync(HttpContext context) => ServeAsync(context, "mutate-pod", dispatcher.MutatePodAsync);

    private async Task ServeAsync(HttpContext context, string endpoint, Func<AdmissionRequest, CancellationToken, Task<AdmissionVerdict>> judge)
    {
        var started = time.GetTimestamp();
        var (request, problem) = await ReadAsync(context).ConfigureAwait(false);
        var kind = request?.Kind?.Kind ?? "unknown";
        if (request is null)
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, problem!, endpoint, kind, "bad_request").ConfigureAwait(false);
            return;
        }

        if (!caches.Synced)
        {
            await PlainAsync(context, StatusCodes.Status503ServiceUnavailable, "the webhook's caches have not synced yet", endpoint, kind, "unavailable").ConfigureAwait(false);
            return;
        }

        AdmissionVerdict verdict;
        try
        {
            verdict = await judge(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            ReviewFailed(endpoint, kind, request.Namespace ?? "", request.Name ?? "", ex);
            await PlainAsync(context, StatusCodes.Status500InternalServerError, $"the review failed: {ex.Message}", endpoint, kind, "error").ConfigureAwait(false);
            return;
        }

        Reviewed(endpoint, request.Operation ?? "", kind, request.Namespace ?? "", request.Name ?? "", verdict.Allowed, verdict.Message ?? (verdict.Patch is null ? "" : "patched"));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, AdmissionReview.Answer(Response(request.Uid!, verdict)), AdmissionJsonContext.Default.AdmissionReview, context.RequestAborted).ConfigureAwait(false);
        metrics.Reviews.WithLabels(endpoint, kind, !verdict.Allowed ? "denied" : verdict.Patch is null ? "allowed" : "patched").Inc();
        metrics.Duration.WithLabels(endpoint).Observe(time.GetElapsedTime(started).TotalSeconds);
    }

    internal static async Task<(AdmissionRequest? Request, string? Problem)> ReadAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return (null, $"an AdmissionReview is POSTed, not sent with {context.Request.Method}");
        }

        AdmissionReview? review;
        try
        {
            review = await JsonSerializer.DeserializeAsync(context.Request.Body, AdmissionJsonContext.Default.AdmissionReview, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not a readable AdmissionReview: {ex.Message}");
        }

        return Check(review);
    }

    internal static (AdmissionRequest? Request, string? Problem) Check(AdmissionReview? review)
    {
        if (review is null)
        {
            return (null, "the body is JSON null, not an AdmissionReview");
        }

        if (review.ApiVersion != AdmissionReview.GroupVersion || review.Kind != AdmissionReview.KindName)
        {
            return (null, $"only {AdmissionReview.GroupVersion} AdmissionReview is served, not apiVersion \"{review.ApiVersion}\" kind \"{review.Kind}\" (admissionReviewVersions: [\"v1\"])");
        }

        if (review.Request is null)
        {
            return (null, "the AdmissionReview has no request");
        }

        return string.IsNullOrEmpty(review.Request.Uid) ? (null, "request.uid is missing; the answer must echo it") : (review.Request, null);
    }

    internal static AdmissionResponse Response(string uid, AdmissionVerdict verdict) => new()
    {
        Uid = uid,
        Allowed = verdict.Allowed,
        Status = verdict.Allowed ? null : new AdmissionStatus { Code = StatusCodes.Status422UnprocessableEntity, Reason = "Invalid", Message = verdict.Message },
        Patch = verdict.Patch is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(verdict.Patch)),
        PatchType = verdict.Patch is null ? null : AdmissionResponse.JsonPatchType,
        Warnings = verdict.Warnings,
    };

    private async Task PlainAsync(HttpContext context, int status, string message, string endpoint, string kind, string result)
    {
        BadReview(endpoint, status, message);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
        metrics.Reviews.WithLabels(endpoint, kind, result).Inc();
    }

    [LoggerMessage(703, LogLevel.Debug, "{Endpoint}: {Operation} {Kind} {Namespace}/{Name}: allowed={Allowed} {Message}")]
    private partial void Reviewed(string endpoint, string operation, string kind, string @namespace, string name, bool allowed, string message);

    [LoggerMessage(704, LogLevel.Information, "{Endpoint}: answered {Status}: {Message}")]
    private partial void BadReview(string endpoint, int status, string message);

    [LoggerMessage(705, LogLevel.Error, "{Endpoint}: the review of {Kind} {Namespace}/{Name} failed")]
    private partial void ReviewFailed(string endpoint, string kind, string @namespace, string name, Exception exception);
}
