namespace Multi.Runtime.Informers;

/// <summary>
/// One instance per equal string among the objects an informer caches: the values many objects repeat (namespaces,
/// label and annotation keys, a config rendered into many namespaces) are held once instead of once per object. For
/// an informer's transform, which runs on the informer's loop: not thread-safe. The table is a bound, not a cache
/// policy: past <see cref="MaxChars"/> characters it starts afresh (values repeat, so it refills with the common ones),
/// so what it keeps alive beyond the cached objects never exceeds that.
/// </summary>
public sealed class SharedStrings(int maxChars = SharedStrings.DefaultMaxChars)
{
    /// <summary>512 Ki characters (1 MiB): the distinct values of 10,000 rendered NADs (about 1,000 configs) fit.</summary>
    public const int DefaultMaxChars = 512 * 1024;

    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private long chars;

    public int MaxChars { get; } = maxChars > 0 ? maxChars : throw new ArgumentOutOfRangeException(nameof(maxChars), maxChars, "must be positive");

    /// <summary>How many distinct strings the table holds now.</summary>
    public int Count => strings.Count;

    /// <summary>The instance held for a string equal to <paramref name="value"/> (the value itself the first time).</summary>
    public string? Share(string? value)
    {
        if (value is null)
            return null;
        if (value.Length == 0)
            return "";
        if (strings.TryGetValue(value, out var held))
            return held;
        if (value.Length > MaxChars)
            return value;
        if (chars + value.Length > MaxChars)
        {
            strings.Clear();
            chars = 0;
        }

        strings.Add(value);
        chars += value.Length;
        return value;
    }
}
