using System.Text.Json.Nodes;
using Multi.Cni.Kube;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// The pools an ADD allocates from, read through the node's journal: an IPPool (and, for a pool with a <c>nodeSelector</c>,
/// this node's labels) fetched within the last <see cref="IpamConfig.PoolCacheTtl"/> is taken from the journal instead of the
/// API server, so a burst of ADDs on a node costs one write each. The cache is the direct mode's stand-in for the node agent's
/// informer (ipam-requirements section 4): a pool edited or deleted is seen by this node's ADDs at most one TTL later.
/// Uniqueness never rests on it: the claim's name is still the lock.
/// </summary>
internal sealed class IpamPools(IpamStore store, IpamJournal journal, TimeProvider clock, TimeSpan ttl, IpAllocationOwner owner)
{
    /// <summary>The pool's layout; 123 when the pool is missing, unusable, or does not select this node.</summary>
    public async Task<IpPoolLayout> LayoutAsync(string pool, CancellationToken ct)
    {
        var spec = await SpecAsync(pool, ct).ConfigureAwait(false) ?? throw new CniException(CniErrorCode.PoolUnusable, $"pool {pool} not found (IPPool {pool})");
        var layout = IpPoolLayout.Create(pool, spec).Unwrap();
        if (layout.Spec.NodeSelector.Count > 0)
        {
            var nodeObject = await CachedAsync($"node/{owner.Node}", () => store.NodeAsync(owner.Node, ct), o => new JsonObject { ["metadata"] = new JsonObject { ["labels"] = o["metadata"]?["labels"]?.DeepClone() } }).ConfigureAwait(false)
                ?? throw new CniException(CniErrorCode.PoolUnusable, $"pool {pool} selects nodes by label ({Selector(layout)}), but node {owner.Node} is not in the API server");
            var labels = nodeObject["metadata"] is JsonObject meta ? IpPoolJson.StringMap(meta, "labels") : [];
            if (!layout.Spec.SelectsNode(labels))
            {
                throw new CniException(CniErrorCode.PoolUnusable, $"pool {pool} is not usable on node {owner.Node}: its nodeSelector ({Selector(layout)}) does not match the node's labels");
            }
        }

        return layout;
    }

    /// <summary>
    /// The pool's spec: the journal's copy (<see cref="IpamPoolCopy"/>) when it was fetched within the TTL, else read from the API
    /// server (and copied); null when the pool does not exist. A spec that does not parse is reported (123) and never copied.
    /// </summary>
    private async Task<IpPoolSpec?> SpecAsync(string pool, CancellationToken ct)
    {
        var key = $"{IpamPoolCopy.KeyPrefix}{pool}";
        var now = clock.GetUtcNow();
        if (ttl > TimeSpan.Zero && journal.TryCached(key, owner.ContainerId, owner.Interface, out var fetched, out var json)
            && fetched <= now && now - fetched < ttl && IpamPoolCopy.Parse(json) is { } copy)
        {
            return copy;
        }

        if (await store.PoolAsync(pool, ct).ConfigureAwait(false) is not { } obj)
        {
            return null;
        }

        var spec = IpPoolJson.Parse(pool, obj).Unwrap().Spec;
        if (ttl > TimeSpan.Zero)
        {
            journal.Cache(key, now, IpamPoolCopy.ToUtf8(spec));
        }

        return spec;
    }

    /// <summary>
    /// The object under <paramref name="key"/> fetched within the TTL, else a fresh read (null: not found, never cached). Only
    /// the part <paramref name="keep"/> selects is cached: it is parsed again on every ADD.
    /// </summary>
    private async Task<JsonObject?> CachedAsync(string key, Func<Task<JsonObject?>> fetch, Func<JsonObject, JsonObject> keep)
    {
        var now = clock.GetUtcNow();
        if (ttl > TimeSpan.Zero && journal.Cached(key, owner.ContainerId, owner.Interface) is { } entry
            && entry.Fetched <= now && now - entry.Fetched < ttl)
        {
            return entry.Value;
        }

        var fresh = await fetch().ConfigureAwait(false);
        if (fresh is not null && ttl > TimeSpan.Zero)
        {
            journal.Cache(key, now, keep(fresh));
        }

        return fresh;
    }

    private static string Selector(IpPoolLayout layout) => string.Join(",", layout.Spec.NodeSelector.Select(t => $"{t.Key}={t.Value}"));
}
