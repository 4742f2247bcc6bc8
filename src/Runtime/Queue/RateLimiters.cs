namespace Multi.Runtime.Queue;

public static class RateLimiters
{
    /// <summary>
    /// client-go's DefaultControllerRateLimiter: the longer of a per-key exponential backoff (5 ms doubling up to
    /// 1000 s) and an overall bucket of 10 qps with a burst of 100.
    /// </summary>
    public static IRateLimiter<TKey> Default<TKey>(TimeProvider time)
        where TKey : notnull =>
        new MaxOfRateLimiter<TKey>(new ExponentialFailureRateLimiter<TKey>(), new TokenBucketRateLimiter<TKey>(time));
}
