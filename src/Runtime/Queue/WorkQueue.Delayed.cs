namespace Multi.Runtime.Queue;

public sealed partial class WorkQueue<TKey>
{
    private readonly Dictionary<TKey, DelayedAdd> delayed = [];

    /// <summary>Keys waiting for their delay (<see cref="AddAfter"/>) to pass.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return delayed.Count;
            }
        }
    }

    /// <summary>Adds the key once <paramref name="delay"/> has passed on the TimeProvider; the earliest pending time wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (shuttingDown)
                return;
            var readyAt = time.GetUtcNow() + delay;
            if (delayed.TryGetValue(key, out var pending))
            {
                if (pending.ReadyAt <= readyAt)
                    return;
                pending.Timer?.Dispose();
            }

            var entry = new DelayedAdd(key, readyAt);
            delayed[key] = entry;
            entry.Timer = time.CreateTimer(state => Fire((DelayedAdd)state!), entry, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds the key after the rate limiter's delay (a retry after a failure).</summary>
    public void AddRateLimited(TKey key)
    {
        metrics?.Retries.WithLabels(Name).Inc();
        AddAfter(key, RateLimiter.When(key));
    }

    /// <summary>The key succeeded: its failure count starts over.</summary>
    public void Forget(TKey key) => RateLimiter.Forget(key);

    public int NumRequeues(TKey key) => RateLimiter.NumRequeues(key);

    private void Fire(DelayedAdd entry)
    {
        lock (gate)
        {
            if (!delayed.TryGetValue(entry.Key, out var current) || !ReferenceEquals(current, entry))
                return;
            delayed.Remove(entry.Key);
        }

        entry.Timer?.Dispose();
        Add(entry.Key);
    }

    private void CancelDelayedLocked()
    {
        foreach (var entry in delayed.Values)
            entry.Timer?.Dispose();
        delayed.Clear();
    }

    private sealed class DelayedAdd(TKey key, DateTimeOffset readyAt)
    {
        public TKey Key { get; } = key;

        public DateTimeOffset ReadyAt { get; } = readyAt;

        public ITimer? Timer { get; set; }
    }
}
