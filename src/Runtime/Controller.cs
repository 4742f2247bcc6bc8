using Microsoft.Extensions.Logging;
using Multi.Runtime.Queue;
using Multi.Runtime.Reconcile;

namespace Multi.Runtime;

/// <summary>
/// One reconcile loop: a work queue of keys and N workers. A worker takes a key, reconciles it and releases it:
/// Forget on success, Forget + AddAfter on RequeueAfter, AddRateLimited on an exception, Done always. A failing key
/// never stops the worker or the other keys.
/// </summary>
internal sealed class Controller
{
    private readonly IReconciler reconciler;
    private readonly TimeProvider time;
    private readonly ControllerMetrics metrics;
    private readonly ILogger logger;

    public Controller(string name, IReconciler reconciler, int workers, TimeProvider time, ControllerMetrics metrics, QueueMetrics queueMetrics, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        Name = name;
        Workers = workers;
        this.reconciler = reconciler;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
        Queue = new WorkQueue<ObjectKey>(name, RateLimiters.Default<ObjectKey>(time), time, queueMetrics);
        metrics.Publish(name);
    }

    public string Name { get; }

    public int Workers { get; }

    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Starts the workers: <paramref name="stopping"/> stops them taking keys, <paramref name="reconcileToken"/> is given to reconciles.</summary>
    public Task StartAsync(CancellationToken stopping, CancellationToken reconcileToken)
    {
        ControllerLog.Starting(logger, Name, Workers);
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(stopping, reconcileToken), CancellationToken.None));
        return Task.WhenAll(workers).ContinueWith(_ => ControllerLog.Stopped(logger, Name), TaskScheduler.Default);
    }

    private async Task WorkAsync(CancellationToken stopping, CancellationToken reconcileToken)
    {
        while (!stopping.IsCancellationRequested)
        {
            QueueItem<ObjectKey> item;
            try
            {
                item = await Queue.GetAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            if (item.Shutdown)
                return;
            await ProcessAsync(item.Key, reconcileToken).ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        metrics.ActiveWorkers.WithLabels(Name).Inc();
        try
        {
            var result = await reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.After is { } after)
            {
                Queue.AddAfter(key, after);
                metrics.Reconciles.WithLabels(Name, "requeue_after").Inc();
            }
            else
            {
                metrics.Reconciles.WithLabels(Name, "success").Inc();
            }

            ControllerLog.Reconciled(logger, Name, key.ToString(), result.ToString());
        }
        catch (Exception error)
        {
            metrics.Reconciles.WithLabels(Name, "error").Inc();
            metrics.Errors.WithLabels(Name).Inc();
            ControllerLog.ReconcileFailed(logger, error, Name, key.ToString(), Queue.NumRequeues(key));
            Queue.AddRateLimited(key);
        }
        finally
        {
            Queue.Done(key);
            metrics.ActiveWorkers.WithLabels(Name).Dec();
            metrics.Duration.WithLabels(Name).Observe(time.GetElapsedTime(started).TotalSeconds);
        }
    }
}
