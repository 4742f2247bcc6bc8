namespace Multi.Runtime.Queue;

/// <summary>What <see cref="WorkQueue{TKey}.GetAsync"/> hands out: a key to process, or <see cref="Shutdown"/> (no key).</summary>
public readonly record struct QueueItem<TKey>(TKey Key, bool Shutdown)
{
    public static QueueItem<TKey> Closed => new(default!, true);
}
