using System.Collections.Concurrent;
using Prometheus;

namespace Multi.Operator.Controllers.IpPools;

/// <summary>
/// The per-pool gauges (requirements §9): capacity, allocated, node-reserved and free, labelled by pool and family. A pool's series go
/// when the pool goes, and move when its family changes.
/// </summary>
internal sealed class IpPoolMetrics
{
    private readonly Gauge capacity;
    private readonly Gauge allocated;
    private readonly Gauge nodeReserved;
    private readonly Gauge free;
    private readonly ConcurrentDictionary<string, string> familyOf = new(StringComparer.Ordinal);

    public IpPoolMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        string[] labels = ["pool", "family"];
        capacity = factory.CreateGauge("multi_ippool_capacity", "Allocatable addresses of the pool (0 while its spec is invalid).", labels);
        allocated = factory.CreateGauge("multi_ippool_allocated", "Distinct addresses claimed inside the pool's allocatable addresses.", labels);
        nodeReserved = factory.CreateGauge("multi_ippool_node_reserved", "Distinct addresses of the pool held by node-reserved claims (also counted as allocated).", labels);
        free = factory.CreateGauge("multi_ippool_free", "Allocatable addresses of the pool not claimed.", labels);
    }

    public void Publish(string pool, IpPoolUsage usage)
    {
        if (familyOf.TryGetValue(pool, out var old) && old != usage.Family)
        {
            Remove(pool, old);
        }

        familyOf[pool] = usage.Family;
        capacity.WithLabels(pool, usage.Family).Set((double)usage.Capacity);
        allocated.WithLabels(pool, usage.Family).Set((double)usage.Allocated);
        nodeReserved.WithLabels(pool, usage.Family).Set((double)usage.NodeReserved);
        free.WithLabels(pool, usage.Family).Set((double)usage.Free);
    }

    public void Forget(string pool)
    {
        if (familyOf.TryRemove(pool, out var family))
        {
            Remove(pool, family);
        }
    }

    private void Remove(string pool, string family)
    {
        capacity.RemoveLabelled(pool, family);
        allocated.RemoveLabelled(pool, family);
        nodeReserved.RemoveLabelled(pool, family);
        free.RemoveLabelled(pool, family);
    }
}
