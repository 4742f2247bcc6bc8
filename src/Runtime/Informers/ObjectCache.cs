using k8s;
using k8s.Models;
using Multi.Runtime.Reconcile;

namespace Multi.Runtime.Informers;

/// <summary>
/// The thread-safe store behind an informer (client-go's ThreadSafeStore with indexers): objects by key plus named
/// indexes, kept together under one lock. Only the informer writes; readers get snapshots of the cached objects.
/// </summary>
internal sealed class ObjectCache<T> : IReadOnlyStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public const string NamespaceIndex = "namespace";

    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, T> items = [];
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> indices = new(StringComparer.Ordinal);

    public ObjectCache() => AddIndex(NamespaceIndex, obj => obj.Metadata?.NamespaceProperty is { Length: > 0 } ns ? [ns] : []);

    public int Count
    {
        get
        {
            lock (gate)
                return items.Count;
        }
    }

    public void AddIndex(string indexName, Func<T, IEnumerable<string>> indexFunc)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexName);
        ArgumentNullException.ThrowIfNull(indexFunc);
        lock (gate)
        {
            if (!indexers.TryAdd(indexName, indexFunc))
                throw new InvalidOperationException($"index '{indexName}' already exists");
            var index = new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal);
            indices[indexName] = index;
            foreach (var (key, obj) in items)
                AddToIndex(index, indexFunc, key, obj);
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (gate)
            return items.GetValueOrDefault(key);
    }

    public IReadOnlyList<T> List()
    {
        lock (gate)
            return [.. items.Values];
    }

    public IReadOnlyList<T> ListNamespace(string @namespace) => ByIndex(NamespaceIndex, @namespace);

    public IReadOnlyList<T> ByIndex(string indexName, string indexedValue)
    {
        lock (gate)
        {
            if (!indices.TryGetValue(indexName, out var index))
                throw new ArgumentException($"no index named '{indexName}'", nameof(indexName));
            return index.TryGetValue(indexedValue, out var keys) ? [.. keys.Select(key => items[key])] : [];
        }
    }

    public IReadOnlyList<T> ByLabels(IReadOnlyDictionary<string, string> matchLabels)
    {
        ArgumentNullException.ThrowIfNull(matchLabels);
        return [.. List().Where(obj => Matches(obj.Metadata?.Labels, matchLabels))];
    }

    /// <summary>Stores the object; answers the one it replaced (null when new).</summary>
    public T? Upsert(ObjectKey key, T obj)
    {
        lock (gate)
        {
            var old = RemoveLocked(key);
            items[key] = obj;
            foreach (var (name, indexFunc) in indexers)
                AddToIndex(indices[name], indexFunc, key, obj);
            return old;
        }
    }

    public T? Remove(ObjectKey key)
    {
        lock (gate)
            return RemoveLocked(key);
    }

    public IReadOnlyList<KeyValuePair<ObjectKey, T>> Snapshot()
    {
        lock (gate)
            return [.. items];
    }

    private static bool Matches(IDictionary<string, string>? labels, IReadOnlyDictionary<string, string> selector)
    {
        foreach (var (name, value) in selector)
        {
            if (labels is null || !labels.TryGetValue(name, out var actual) || actual != value)
                return false;
        }

        return true;
    }

    private static void AddToIndex(Dictionary<string, HashSet<ObjectKey>> index, Func<T, IEnumerable<string>> indexFunc, ObjectKey key, T obj)
    {
        foreach (var value in indexFunc(obj))
        {
            if (!index.TryGetValue(value, out var keys))
                index[value] = keys = [];
            keys.Add(key);
        }
    }

    private T? RemoveLocked(ObjectKey key)
    {
        if (!items.Remove(key, out var old))
            return null;
        foreach (var (name, indexFunc) in indexers)
        {
            var index = indices[name];
            foreach (var value in indexFunc(old))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                    index.Remove(value);
            }
        }

        return old;
    }
}
