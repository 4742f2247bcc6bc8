namespace Multi.Runtime.Queue;

/// <summary>The longest delay any of its limiters asks for; every limiter counts every failure.</summary>
public sealed class MaxOfRateLimiter<TKey> : IRateLimiter<TKey>
{
    private readonly IRateLimiter<TKey>[] limiters;

    public MaxOfRateLimiter(params IRateLimiter<TKey>[] limiters)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        ArgumentOutOfRangeException.ThrowIfZero(limiters.Length);
        this.limiters = limiters;
    }

    public TimeSpan When(TKey key)
    {
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var delay = limiter.When(key);
            if (delay > longest)
                longest = delay;
        }

        return longest;
    }

    public void Forget(TKey key)
    {
        foreach (var limiter in limiters)
            limiter.Forget(key);
    }

    public int NumRequeues(TKey key) => limiters.Max(limiter => limiter.NumRequeues(key));
}
