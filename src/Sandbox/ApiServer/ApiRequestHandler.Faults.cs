using Microsoft.AspNetCore.Http;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ApiRequestHandler
{
    private ApiRequestInfo Record(HttpContext context) => journal.Record(sequence => new ApiRequestInfo(
        sequence,
        context.Request.Method,
        context.Request.Path.Value ?? "",
        context.Request.QueryString.Value ?? "",
        context.Request.ContentType,
        context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
        context.Connection.ClientCertificate?.Subject,
        context.Request.Headers.UserAgent.Count > 0 ? context.Request.Headers.UserAgent.ToString() : null));

    /// <summary>Applies the fault the options choose for this request; true when the request is answered (or dropped).</summary>
    private async Task<bool> InjectFaultAsync(HttpContext context, ApiRequestInfo request)
    {
        if (faults?.Invoke(request) is not { } fault)
            return false;
        if (fault.Delay > TimeSpan.Zero)
            await Task.Delay(fault.Delay, time, context.RequestAborted).ConfigureAwait(false);
        if (fault.Abort)
        {
            context.Abort();
            return true;
        }

        if (fault.StatusCode is not { } code)
            return false;
        if (fault.RetryAfterSeconds is { } seconds)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WriteJsonAsync(context, code, StatusObjects.Failure(new ApiException(code, fault.Reason, fault.Message))).ConfigureAwait(false);
        return true;
    }
}
