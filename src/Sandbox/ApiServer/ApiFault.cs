namespace Multi.Sandbox.ApiServer;

/// <summary>
/// What the server does instead of (or before) serving a request, for tests: wait <see cref="Delay"/> first, then
/// answer <see cref="StatusCode"/> with a Kubernetes Status body, or drop the connection (<see cref="Abort"/>), or
/// serve normally when neither is set.
/// </summary>
internal sealed record ApiFault
{
    public TimeSpan Delay { get; init; }

    public int? StatusCode { get; init; }

    public string Reason { get; init; } = "InternalError";

    public string Message { get; init; } = "injected fault";

    public bool Abort { get; init; }

    /// <summary>Optional seconds for a <c>Retry-After</c> header on a status answer (429, 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiFault Status(int code, string reason, string message) =>
        new() { StatusCode = code, Reason = reason, Message = message };

    public static ApiFault ServiceUnavailable() => Status(503, "ServiceUnavailable", "injected: the server is currently unable to handle the request");

    public static ApiFault Delayed(TimeSpan delay) => new() { Delay = delay };

    public static ApiFault Dropped() => new() { Abort = true };
}
