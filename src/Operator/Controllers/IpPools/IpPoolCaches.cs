using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers.IpPools;

/// <summary>The informer caches the pool status controller derives from (read-only: never mutate what they return).</summary>
internal sealed record IpPoolCaches(IReadOnlyStore<IpPoolResource> Pools, IReadOnlyStore<IpAllocationResource> Claims)
{
    /// <summary>The claims index: the value of the <see cref="IpAllocationResource.PoolLabel"/> label.</summary>
    public const string PoolIndex = "pool";
}
