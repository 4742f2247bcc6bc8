namespace Multi.Runtime.Queue;

/// <summary>How long a key waits before it is retried (client-go's workqueue.RateLimiter).</summary>
public interface IRateLimiter<TKey>
{
    /// <summary>The delay before the key's next retry; counts one more failure.</summary>
    TimeSpan When(TKey key);

    /// <summary>The key succeeded: forget its failures.</summary>
    void Forget(TKey key);

    int NumRequeues(TKey key);
}
