using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>Tunables of multi-ipam; the defaults are the production values.</summary>
internal sealed record IpamOptions
{
    public static IpamOptions Default { get; } = new();

    public IpAllocatorOptions Allocator { get; init; } = IpAllocatorOptions.Default;

    /// <summary>GC leaves claims younger than this alone: an ADD may be in flight that the runtime's list does not show yet.</summary>
    public TimeSpan GcGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// For this long after the plugin had to create its journal (never set up, or wiped), an ADD without a record also lists
    /// the API server: a retry of an attempt made before the journal existed may still come (the runtime's sandbox timeout is 4 minutes).
    /// </summary>
    public TimeSpan JournalFallbackWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The most a DEL waits for the API server, all calls together (the DEL retry policy's total bound): what is not released by
    /// then is recorded as a pending release and DEL succeeds (ipam-requirements section 6).
    /// </summary>
    public TimeSpan ReleaseTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
