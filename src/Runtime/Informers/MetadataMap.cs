using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Multi.Runtime.Informers;

/// <summary>
/// A cached object's labels or annotations as one array of pairs: a few entries cost about a third of a
/// <see cref="Dictionary{TKey,TValue}"/>'s arrays and buckets, and lookups over so few keys are a short scan. Read-only,
/// as the cache is: writing throws <see cref="NotSupportedException"/> (copy it into a dictionary to build a change).
/// </summary>
public sealed class MetadataMap : IDictionary<string, string>, IReadOnlyDictionary<string, string>
{
    /// <summary>Maps larger than this stay dictionaries: a scan would cost more than the saving.</summary>
    public const int MaxEntries = 16;

    private readonly KeyValuePair<string, string>[] entries;
    private readonly int hash;

    private MetadataMap(KeyValuePair<string, string>[] entries)
    {
        this.entries = entries;
        var combined = 0;
        foreach (var (key, value) in entries)
            combined ^= HashCode.Combine(key, value); // order-free: equal maps may list their pairs in another order
        hash = combined;
    }

    /// <summary>Maps with the same pairs, in any order, are equal (what <see cref="SharedValues"/> shares them by).</summary>
    public static IEqualityComparer<MetadataMap> ContentComparer { get; } = new SamePairs();

    public int Count => entries.Length;

    public bool IsReadOnly => true;

    public ICollection<string> Keys => [.. entries.Select(e => e.Key)];

    public ICollection<string> Values => [.. entries.Select(e => e.Value)];

    IEnumerable<string> IReadOnlyDictionary<string, string>.Keys => Keys;

    IEnumerable<string> IReadOnlyDictionary<string, string>.Values => Values;

    public string this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no key '{key}'");
        set => throw ReadOnly();
    }

    /// <summary>
    /// The map to cache for <paramref name="source"/>: null stays null; keys and values go through <paramref name="shared"/>;
    /// up to <see cref="MaxEntries"/> entries become a <see cref="MetadataMap"/> (one instance per distinct map), more a
    /// dictionary of the shared strings.
    /// </summary>
    public static IDictionary<string, string>? Of(IDictionary<string, string>? source, SharedValues shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        if (source is null)
            return null;
        if (source.Count > MaxEntries)
        {
            var large = new Dictionary<string, string>(source.Count, StringComparer.Ordinal);
            foreach (var (key, value) in source)
                large[shared.Share(key)!] = shared.Share(value)!;
            return large;
        }

        var pairs = new KeyValuePair<string, string>[source.Count];
        var i = 0;
        foreach (var (key, value) in source)
            pairs[i++] = new(shared.Share(key)!, shared.Share(value)!);
        return shared.ShareMap(new MetadataMap(pairs));
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public bool Contains(KeyValuePair<string, string> item) =>
        TryGetValue(item.Key, out var value) && string.Equals(value, item.Value, StringComparison.Ordinal);

    public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex) => entries.CopyTo(array, arrayIndex);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Add(string key, string value) => throw ReadOnly();

    public void Add(KeyValuePair<string, string> item) => throw ReadOnly();

    public bool Remove(string key) => throw ReadOnly();

    public bool Remove(KeyValuePair<string, string> item) => throw ReadOnly();

    public void Clear() => throw ReadOnly();

    private sealed class SamePairs : IEqualityComparer<MetadataMap>
    {
        public bool Equals(MetadataMap? x, MetadataMap? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.hash == y.hash && x.Count == y.Count && x.entries.All(y.Contains));

        public int GetHashCode(MetadataMap obj) => obj.hash;
    }

    private static NotSupportedException ReadOnly() =>
        new("a cached object's labels and annotations are read-only: copy them into a new dictionary to build a change");
}
