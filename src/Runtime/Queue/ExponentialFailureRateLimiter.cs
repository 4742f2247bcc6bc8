namespace Multi.Runtime.Queue;

/// <summary>Per-key backoff: <c>baseDelay * 2^failures</c>, capped at <c>maxDelay</c> (defaults 5 ms and 1000 s, as client-go).</summary>
public sealed class ExponentialFailureRateLimiter<TKey> : IRateLimiter<TKey>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, int> failures = [];
    private readonly TimeSpan baseDelay;
    private readonly TimeSpan maxDelay;

    public ExponentialFailureRateLimiter(TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        this.baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(5);
        this.maxDelay = maxDelay ?? TimeSpan.FromSeconds(1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.maxDelay, this.baseDelay);
    }

    public TimeSpan When(TKey key)
    {
        int exponent;
        lock (gate)
        {
            failures.TryGetValue(key, out exponent);
            failures[key] = exponent + 1;
        }

        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(TKey key)
    {
        lock (gate)
            failures.Remove(key);
    }

    public int NumRequeues(TKey key)
    {
        lock (gate)
            return failures.GetValueOrDefault(key);
    }
}
