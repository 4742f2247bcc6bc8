using System.Globalization;

namespace Multi.Cni.Kube;

/// <summary>
/// A failed API call. <see cref="StatusCode"/> is null for a transport failure (no HTTP answer); <see cref="Reason"/>
/// is the Kubernetes Status reason (NotFound, Conflict, AlreadyExists, Invalid, …) when the server gave one.
/// Messages never contain credentials.
/// </summary>
internal sealed class KubeApiException : Exception
{
    public KubeApiException()
        : this("", "", null, null, "unknown failure", isTransient: false)
    {
    }

    public KubeApiException(string message)
        : this("", "", null, null, message, isTransient: false)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : this("", "", null, null, message, isTransient: false, innerException: innerException)
    {
    }

    public KubeApiException(string method, string path, int? statusCode, string? reason, string apiMessage, bool isTransient, int attempts = 1, Exception? innerException = null)
        : base(Describe(method, path, statusCode, reason, apiMessage, attempts), innerException)
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
        Reason = reason;
        ApiMessage = apiMessage;
        IsTransient = isTransient;
        Attempts = attempts;
    }

    public int? StatusCode { get; }

    public string? Reason { get; }

    public string ApiMessage { get; }

    public string Method { get; }

    public string Path { get; }

    /// <summary>True when trying again later may succeed (server overloaded or unreachable, attempt timed out).</summary>
    public bool IsTransient { get; }

    /// <summary>The API server could not be reached or gave no definite answer (transport failure, timeout, 429/5xx after the retries): worth trying again later.</summary>
    public bool IsUnavailable => IsTransient || StatusCode is null;

    /// <summary>How many requests were sent before the call gave up.</summary>
    public int Attempts { get; }

    /// <summary>Server-requested wait before the next attempt (Retry-After); not part of the message.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsNotFound => StatusCode == 404;

    public bool IsConflict => StatusCode == 409 && Reason != "AlreadyExists";

    public bool IsAlreadyExists => StatusCode == 409 && Reason == "AlreadyExists";

    /// <summary>The same failure, reported after <paramref name="attempts"/> attempts.</summary>
    public KubeApiException AfterAttempts(int attempts) =>
        attempts == Attempts ? this : new(Method, Path, StatusCode, Reason, ApiMessage, IsTransient, attempts, InnerException) { RetryAfter = RetryAfter };

    private static string Describe(string method, string path, int? statusCode, string? reason, string apiMessage, int attempts)
    {
        var status = statusCode is { } code
            ? reason is null ? $"{code.ToString(CultureInfo.InvariantCulture)}: " : $"{code.ToString(CultureInfo.InvariantCulture)} {reason}: "
            : "";
        var tries = attempts > 1 ? $" (gave up after {attempts.ToString(CultureInfo.InvariantCulture)} attempts)" : "";
        return $"{method} {path}: {status}{apiMessage}{tries}";
    }
}
