namespace Multi.Runtime.Informers;

/// <summary>
/// One instance per equal value among the objects an informer caches: the strings many objects repeat (namespaces,
/// label and annotation keys, a config rendered into many namespaces) and whole label or annotation maps (the NADs one
/// network renders carry the same ones) are held once instead of once per object. For an informer's transform, which
/// runs on the informer's loop: not thread-safe. The table is a bound, not a cache policy: past <see cref="MaxChars"/>
/// characters it starts afresh (values repeat, so it refills with the common ones), so what it keeps alive beyond the
/// cached objects never exceeds that.
/// </summary>
public sealed class SharedValues(int maxChars = SharedValues.DefaultMaxChars)
{
    /// <summary>512 Ki characters (1 MiB): the distinct values of 10,000 rendered NADs (about 1,000 configs) fit.</summary>
    public const int DefaultMaxChars = 512 * 1024;

    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private readonly HashSet<MetadataMap> maps = new(MetadataMap.ContentComparer);
    private long chars;

    public int MaxChars { get; } = maxChars > 0 ? maxChars : throw new ArgumentOutOfRangeException(nameof(maxChars), maxChars, "must be positive");

    /// <summary>How many distinct values (strings and maps) the table holds now.</summary>
    public int Count => strings.Count + maps.Count;

    /// <summary>The instance held for a string equal to <paramref name="value"/> (the value itself the first time).</summary>
    public string? Share(string? value)
    {
        if (value is null)
            return null;
        if (value.Length == 0)
            return "";
        if (strings.TryGetValue(value, out var held))
            return held;
        if (Admit(value.Length))
            strings.Add(value);
        return value;
    }

    /// <summary>The instance held for a map with the same pairs as <paramref name="map"/> (whose strings are already shared).</summary>
    public MetadataMap ShareMap(MetadataMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (maps.TryGetValue(map, out var held))
            return held;
        if (Admit(map.Count * 2)) // the map's own cost: its strings are counted where they are shared
            maps.Add(map);
        return map;
    }

    private bool Admit(int length)
    {
        if (length > MaxChars)
            return false;
        if (chars + length > MaxChars)
        {
            strings.Clear();
            maps.Clear();
            chars = 0;
        }

        chars += length;
        return true;
    }
}
