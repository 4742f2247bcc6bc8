namespace Multi.Core.Ipam;

/// <summary>Bounds of one allocation: candidate attempts, and the jittered backoff between them.</summary>
public sealed record IpAllocatorOptions
{
    public static IpAllocatorOptions Default { get; } = new();

    /// <summary>Candidates offered before the allocator answers "try again" (code 11); each failed one is one more known-taken address.</summary>
    public int MaxAttempts { get; init; } = 128;

    /// <summary>
    /// Attempts that follow a taken candidate at once. A 409 is a definite "taken", and the next candidate is another
    /// random address, so a few immediate retries cause no herd; backing off only pays once collisions keep coming
    /// (a nearly full pool or many allocators).
    /// </summary>
    public int ImmediateAttempts { get; init; } = 3;

    /// <summary>The backoff cap of the first attempt after <see cref="ImmediateAttempts"/>; it doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(2);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
}
