namespace Multi.Runtime.Queue;

/// <summary>
/// An overall limit shared by every key (client-go's BucketRateLimiter): a bucket of <c>burst</c> tokens refilled at
/// <c>qps</c> per second (defaults 10 and 100). Each <see cref="When"/> takes a token, and when none is left it
/// reserves the next one and answers how long until it is there.
/// </summary>
public sealed class TokenBucketRateLimiter<TKey> : IRateLimiter<TKey>
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly double qps;
    private readonly double burst;
    private double tokens;
    private long last;

    public TokenBucketRateLimiter(TimeProvider time, double qps = 10, int burst = 100)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        this.time = time;
        this.qps = qps;
        this.burst = burst;
        tokens = burst;
        last = time.GetTimestamp();
    }

    public TimeSpan When(TKey key)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(last, now).TotalSeconds;
            last = now;
            tokens = Math.Min(burst, tokens + (elapsed * qps)) - 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / qps);
        }
    }

    public void Forget(TKey key)
    {
    }

    public int NumRequeues(TKey key) => 0;
}
