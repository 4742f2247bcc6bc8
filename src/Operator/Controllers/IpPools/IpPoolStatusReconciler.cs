using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Multi.Core.Ipam;
using Multi.Operator.Controllers.ClusterNetworks;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Controllers.IpPools;

/// <summary>
/// Keeps each IPPool's status (capacity, allocated, node-reserved, free, Ready/Exhausted/Degraded) and gauges in step with its spec and
/// its IPAllocation claims. The status is derived and rebuilt whole from the caches on every pass, written through the
/// status subresource only when it changes, and never read back by allocation: a lagging status costs nothing but a
/// stale number. Warning events mark the pass on which a pool crosses 90 % use and the one on which it runs out.
/// </summary>
internal sealed class IpPoolStatusReconciler(IpPoolCaches caches, IpPoolWrites writes, EventRecorder events, IpPoolMetrics metrics, TimeProvider time)
    : IReconciler
{
    /// <summary>
    /// The last status this controller wrote per pool name (with the pool's UID), so that a cache still behind that write
    /// does not announce the same crossing twice. Instance state of one controller; a restarted manager starts from the
    /// stored status.
    /// </summary>
    private readonly ConcurrentDictionary<string, (string Uid, IpPoolStatus Status)> written = new(StringComparer.Ordinal);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var pool = caches.Pools.Get(key);
        if (pool is null)
        {
            metrics.Forget(key.Name);
            written.TryRemove(key.Name, out _);
            return ReconcileResult.Done;
        }

        var name = pool.Metadata.Name;
        var usage = IpPoolUsage.Derive(
            new IpPool(name, pool.Spec),
            caches.Claims.ByIndex(IpPoolCaches.PoolIndex, name).Select(c => c.Spec),
            caches.Pools.List().Select(p => new IpPool(p.Metadata.Name, p.Spec)));
        metrics.Publish(name, usage);

        var now = time.GetUtcNow().UtcDateTime;
        var status = new IpPoolStatus
        {
            ObservedGeneration = pool.Metadata.Generation,
            Capacity = usage.CapacityText,
            Allocated = (long)usage.Allocated,
            NodeReserved = (long)usage.NodeReserved,
            Free = usage.FreeText,
            Conditions = Condition.Merge(pool.Status?.Conditions, usage.Conditions, pool.Metadata.Generation, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond))),
        };
        if (pool.Status is not null && Same(pool.Status, status))
        {
            written[name] = (pool.Metadata.Uid, status);
            return ReconcileResult.Done;
        }

        // The crossing is judged against what this controller last wrote when the cache has not caught up with it yet.
        var previous = written.TryGetValue(name, out var mine) && mine.Uid == pool.Metadata.Uid ? mine.Status : pool.Status;
        await writes.WriteStatusAsync(pool, status, cancellationToken).ConfigureAwait(false);
        written[name] = (pool.Metadata.Uid, status);
        await AnnounceCrossingsAsync(pool, previous, usage, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>One Warning per crossing: the previous status was below the mark, the new usage is at or above it.</summary>
    private async Task AnnounceCrossingsAsync(IpPoolResource pool, IpPoolStatus? previous, IpPoolUsage usage, CancellationToken cancellationToken)
    {
        var wasExhausted = previous?.Conditions.Any(c => c.Type == IpPoolUsage.Exhausted && c.Status == "True") == true;
        if (usage.IsExhausted && !wasExhausted)
        {
            await events.RecordAsync(pool, EventRecorder.Warning, "PoolExhausted",
                $"all {usage.CapacityText} addresses of pool {pool.Metadata.Name} are allocated; new attachments fail until one is released", cancellationToken).ConfigureAwait(false);
        }
        else if (usage.NearlyFull && !usage.IsExhausted && !WasNearlyFull(previous))
        {
            await events.RecordAsync(pool, EventRecorder.Warning, "PoolNearlyExhausted",
                $"{usage.Allocated.ToString(CultureInfo.InvariantCulture)} of {usage.CapacityText} addresses of pool {pool.Metadata.Name} are allocated (90 % or more)", cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool WasNearlyFull(IpPoolStatus? previous) =>
        previous is not null
        && UInt128.TryParse(previous.Capacity, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity)
        && capacity > 0
        && (UInt128)Math.Max(previous.Allocated, 0) * 10 >= capacity * 9;

    private static bool Same(IpPoolStatus a, IpPoolStatus b) =>
        JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(a)), JsonNode.Parse(KubernetesJson.Serialize(b)));
}
