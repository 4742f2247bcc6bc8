namespace Multi.Cni.Kube;

/// <summary>
/// How one API call retries transient failures (500, 502, 503, 504, 429, connection refused/reset/aborted, an attempt
/// that timed out): at most <see cref="MaxAttempts"/> attempts, <see cref="RetryInterval"/> apart (longer when the
/// server asks with Retry-After), each bounded by <see cref="AttemptTimeout"/>, all within <see cref="TotalTimeout"/>.
/// </summary>
internal sealed record KubeRetryPolicy
{
    public static KubeRetryPolicy Default { get; } = new();

    public int MaxAttempts { get; init; } = 10;

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The hard bound for one call, retries and waits included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
