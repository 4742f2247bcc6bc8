namespace Multi.Core.Ipam;

/// <summary>Bounds of one allocation: candidate attempts, and the jittered backoff between them.</summary>
public sealed record IpAllocatorOptions
{
    public static IpAllocatorOptions Default { get; } = new();

    /// <summary>Candidates offered before the allocator answers "try again" (code 11); each failed one is one more known-taken address.</summary>
    public int MaxAttempts { get; init; } = 128;

    /// <summary>The backoff cap of attempt 1; it doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(2);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
}
