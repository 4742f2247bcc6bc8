using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer.Selectors;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// The keys of every stored object by resource, and by resource → label key → label value, so a list with an equality
/// term in its label selector visits only the objects carrying that label value: O(matches), not O(objects).
/// Not thread-safe: the store calls it under its lock, with the object as stored (added) or as it was stored (removed).
/// </summary>
internal sealed class LabelIndex
{
    private readonly Dictionary<(string Group, string Resource), ResourceEntries> resources = [];

    public void Add(ObjectKey key, JsonObject obj)
    {
        if (!resources.TryGetValue((key.Group, key.Resource), out var entries))
        {
            entries = new ResourceEntries();
            resources[(key.Group, key.Resource)] = entries;
        }

        entries.Keys.Add(key);
        foreach (var (label, value) in ObjectMetadata.Labels(obj))
        {
            if (!entries.Labels.TryGetValue(label, out var values))
            {
                values = new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal);
                entries.Labels[label] = values;
            }

            if (!values.TryGetValue(value, out var keys))
            {
                keys = [];
                values[value] = keys;
            }

            keys.Add(key);
        }
    }

    public void Remove(ObjectKey key, JsonObject obj)
    {
        if (!resources.TryGetValue((key.Group, key.Resource), out var entries))
            return;
        entries.Keys.Remove(key);
        foreach (var (label, value) in ObjectMetadata.Labels(obj))
        {
            if (!entries.Labels.TryGetValue(label, out var values) || !values.TryGetValue(value, out var keys))
                continue;
            keys.Remove(key);
            if (keys.Count == 0)
            {
                values.Remove(value);
                if (values.Count == 0)
                    entries.Labels.Remove(label);
            }
        }

        if (entries.Keys.Count == 0)
            resources.Remove((key.Group, key.Resource));
    }

    /// <summary>
    /// A superset of the keys of the resource's objects that <paramref name="selector"/> matches: the smallest set named by
    /// one of its equality terms (<c>k=v</c>, <c>k==v</c>, <c>k in (v)</c>), else every key of the resource. The caller
    /// applies the full selector. The set is live: copy it before leaving the lock. Without such a term it is the resource's
    /// <see cref="SortedSet{T}"/> of keys in list order.
    /// </summary>
    public IReadOnlyCollection<ObjectKey> Candidates(string group, string resource, LabelSelector? selector)
    {
        if (!resources.TryGetValue((group, resource), out var entries))
            return [];
        IReadOnlyCollection<ObjectKey> best = entries.Keys;
        foreach (var requirement in selector?.Requirements ?? [])
        {
            if (requirement.Operator != LabelOperator.In || requirement.Values.Count != 1)
                continue;
            if (!entries.Labels.TryGetValue(requirement.Key, out var values) || !values.TryGetValue(requirement.Values[0], out var keys))
                return [];
            if (keys.Count < best.Count)
                best = keys;
        }

        return best;
    }

    private sealed class ResourceEntries
    {
        /// <summary>In list order, so a page is read from where the previous one ended without sorting.</summary>
        public SortedSet<ObjectKey> Keys { get; } = new(ObjectKeyOrder.Instance);

        public Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> Labels { get; } = new(StringComparer.Ordinal);
    }
}
