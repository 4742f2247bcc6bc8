using Multi.Runtime.Reconcile;

namespace Multi.Runtime.Informers;

/// <summary>
/// An informer's cache. The objects returned are the cached instances, shared with every reader: never mutate them
/// (patch the API server instead and let the watch bring the change back).
/// </summary>
public interface IReadOnlyStore<T>
{
    int Count { get; }

    T? Get(ObjectKey key);

    IReadOnlyList<T> List();

    IReadOnlyList<T> ListNamespace(string @namespace);

    IReadOnlyList<T> ByIndex(string indexName, string indexedValue);

    /// <summary>Objects whose labels include every pair (an equality selector).</summary>
    IReadOnlyList<T> ByLabels(IReadOnlyDictionary<string, string> matchLabels);
}
