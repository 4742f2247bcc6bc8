using k8s;
using k8s.Models;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Tests.Support;

/// <summary>A fixed list behind the informer store's read interface, for the pure decision tests.</summary>
internal sealed class ListStore<T>(IEnumerable<T> items, string? indexName = null, Func<T, IEnumerable<string>>? index = null) : IReadOnlyStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly List<T> items = [.. items];

    public int Count => items.Count;

    public T? Get(ObjectKey key) => items.FirstOrDefault(i => ObjectKey.Of(i.Metadata) == key);

    public IReadOnlyList<T> List() => items;

    public IReadOnlyList<T> ListNamespace(string @namespace) => [.. items.Where(i => i.Metadata.NamespaceProperty == @namespace)];

    public IReadOnlyList<T> ByIndex(string indexName1, string indexedValue) =>
        indexName1 == indexName && index is not null ? [.. items.Where(i => index(i).Contains(indexedValue))] : [];

    public IReadOnlyList<T> ByLabels(IReadOnlyDictionary<string, string> matchLabels) =>
        [.. items.Where(i => matchLabels.All(l => i.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value))];
}
