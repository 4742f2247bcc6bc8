using Multi.Core.Ipam;

namespace Multi.MetaPlugin.Ipam;

/// <summary>Tunables of multi-ipam; the defaults are the production values.</summary>
internal sealed record IpamOptions
{
    public static IpamOptions Default { get; } = new();

    public IpAllocatorOptions Allocator { get; init; } = IpAllocatorOptions.Default;

    /// <summary>GC leaves claims younger than this alone: an ADD may be in flight that the runtime's list does not show yet.</summary>
    public TimeSpan GcGracePeriod { get; init; } = TimeSpan.FromSeconds(60);
}
