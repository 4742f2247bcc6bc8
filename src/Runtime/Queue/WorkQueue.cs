namespace Multi.Runtime.Queue;

/// <summary>
/// client-go's rate-limited work queue. A key added while it waits in the queue is not queued twice; a key added
/// while a worker processes it is marked dirty and queued again at <see cref="Done"/>, so a key is never handed to two
/// workers at once and no change is lost. Delayed adds (<see cref="AddAfter"/>, <see cref="AddRateLimited"/>) run on
/// the injected <see cref="TimeProvider"/>. After <see cref="ShutDown"/> adds are ignored, the keys already queued are
/// still handed out, then <see cref="GetAsync"/> answers <see cref="QueueItem{TKey}.Shutdown"/>.
/// </summary>
public sealed partial class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Queue<TKey> queue = new();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, long> enqueuedAt = [];
    private readonly Dictionary<TKey, long> startedAt = [];
    private readonly LinkedList<TaskCompletionSource<QueueItem<TKey>>> waiters = new();
    private readonly TimeProvider time;
    private readonly QueueMetrics? metrics;
    private TaskCompletionSource? drained;
    private bool shuttingDown;

    public WorkQueue(string name, IRateLimiter<TKey> rateLimiter, TimeProvider time, QueueMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(rateLimiter);
        ArgumentNullException.ThrowIfNull(time);
        Name = name;
        RateLimiter = rateLimiter;
        this.time = time;
        this.metrics = metrics;
    }

    public string Name { get; }

    /// <summary>How many keys wait to be handed out (not counting those being processed).</summary>
    public int Length
    {
        get
        {
            lock (gate)
                return queue.Count;
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
                return shuttingDown;
        }
    }

    /// <summary>Replaceable until the queue is used (the controller builder sets it).</summary>
    internal IRateLimiter<TKey> RateLimiter { get; set; }

    public void Add(TKey key)
    {
        lock (gate)
        {
            if (shuttingDown || !dirty.Add(key))
                return;
            metrics?.Adds.WithLabels(Name).Inc();
            if (!processing.Contains(key))
                EnqueueLocked(key);
        }
    }

    /// <summary>The next key, waiting until there is one; <see cref="QueueItem{TKey}.Shutdown"/> once shut down and empty.</summary>
    public async ValueTask<QueueItem<TKey>> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource<QueueItem<TKey>>> node;
        lock (gate)
        {
            if (queue.Count > 0)
                return new QueueItem<TKey>(TakeLocked(queue.Dequeue()), false);
            if (shuttingDown)
                return QueueItem<TKey>.Closed;
            node = waiters.AddLast(new TaskCompletionSource<QueueItem<TKey>>(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        await using (cancellationToken.Register(() => AbandonWait(node, cancellationToken)).ConfigureAwait(false))
            return await node.Value.Task.ConfigureAwait(false);
    }

    /// <summary>The worker is finished with the key: a key re-added meanwhile goes back in the queue.</summary>
    public void Done(TKey key)
    {
        lock (gate)
        {
            if (!processing.Remove(key))
                return;
            if (startedAt.Remove(key, out var started))
                metrics?.WorkDuration.WithLabels(Name).Observe(time.GetElapsedTime(started).TotalSeconds);
            if (dirty.Contains(key))
                EnqueueLocked(key);
            if (processing.Count == 0)
                drained?.TrySetResult();
        }
    }

    /// <summary>Stops accepting keys and wakes every waiting <see cref="GetAsync"/> with a shutdown item.</summary>
    public void ShutDown()
    {
        List<TaskCompletionSource<QueueItem<TKey>>> woken;
        lock (gate)
        {
            shuttingDown = true;
            CancelDelayedLocked();
            woken = [.. waiters];
            waiters.Clear();
        }

        foreach (var waiter in woken)
            waiter.TrySetResult(QueueItem<TKey>.Closed);
    }

    /// <summary>Shuts down, then waits until every key handed out has been marked <see cref="Done"/>.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        ShutDown();
        Task wait;
        lock (gate)
        {
            if (processing.Count == 0)
                return Task.CompletedTask;
            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = drained.Task;
        }

        return wait.WaitAsync(cancellationToken);
    }

    public void Dispose() => ShutDown();

    private void EnqueueLocked(TKey key)
    {
        if (waiters.First is { } first)
        {
            waiters.RemoveFirst();
            enqueuedAt[key] = time.GetTimestamp();
            first.Value.TrySetResult(new QueueItem<TKey>(TakeLocked(key), false));
            return;
        }

        queue.Enqueue(key);
        enqueuedAt[key] = time.GetTimestamp();
        metrics?.Depth.WithLabels(Name).Set(queue.Count);
    }

    private TKey TakeLocked(TKey key)
    {
        metrics?.Depth.WithLabels(Name).Set(queue.Count);
        if (enqueuedAt.Remove(key, out var queued))
            metrics?.QueueDuration.WithLabels(Name).Observe(time.GetElapsedTime(queued).TotalSeconds);
        processing.Add(key);
        dirty.Remove(key);
        startedAt[key] = time.GetTimestamp();
        return key;
    }

    private void AbandonWait(LinkedListNode<TaskCompletionSource<QueueItem<TKey>>> node, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (node.List is null)
                return;
            waiters.Remove(node);
        }

        node.Value.TrySetCanceled(cancellationToken);
    }
}
