namespace Multi.Runtime.Reconcile;

/// <summary>
/// What a reconcile asks of the queue: <see cref="Done"/> (forget the key) or <see cref="RequeueAfter"/> (wait on the
/// world, then look again). A failure is an exception, never a result: the key is then retried with backoff.
/// </summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? after) => After = after;

    public static ReconcileResult Done { get; }

    /// <summary>When to look at the key again; null when the key is done.</summary>
    public TimeSpan? After { get; }

    public static ReconcileResult RequeueAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new ReconcileResult(delay);
    }

    public override string ToString() => After is { } after ? $"RequeueAfter({after})" : "Done";
}
