using Multi.Runtime.Informers;

namespace Multi.Runtime;

public sealed partial class ControllerManager
{
    private Task[] informerTasks = [];
    private ProbeServer? probe;
    private volatile bool running;

    /// <summary>
    /// Starts the informers, waits until all have synced, then (leader-elects if enabled and) starts the workers.
    /// Returns after a graceful shutdown when <paramref name="cancellationToken"/> is cancelled; throws
    /// <see cref="LeadershipLostException"/> when the lease could not be renewed (the workers are stopped first).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
            throw new InvalidOperationException("the manager runs once");
        ManagerLog.Starting(logger, options.Name, informers.Count, controllers.Count);
        using var informersStop = new CancellationTokenSource();
        using var workersStop = new CancellationTokenSource();
        using var reconcileStop = new CancellationTokenSource();
        informerTasks = [.. informers.Select(informer => Task.Run(() => informer.RunAsync(informersStop.Token), CancellationToken.None))];
        running = true;
        var workers = Task.CompletedTask;
        var lost = false;
        try
        {
            if (options.ProbeAddress is { } address)
            {
                probe = await ProbeServer.StartAsync(address, Unhealthy, NotReady, Metrics, cancellationToken).ConfigureAwait(false);
                ProbeUri = probe.Address;
                ManagerLog.Serving(logger, options.Name, probe.Address);
            }

            await WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
            if (elector is not null)
                await elector.AcquireAsync(cancellationToken).ConfigureAwait(false);
            leading = true;
            workers = Task.WhenAll(controllers.Select(controller => controller.StartAsync(workersStop.Token, reconcileStop.Token)));
            lost = elector is not null && await elector.KeepLeadingAsync(cancellationToken).ConfigureAwait(false);
            if (elector is null)
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // a graceful shutdown
        }
        finally
        {
            await ShutDownAsync(workers, lost, workersStop, reconcileStop, informersStop).ConfigureAwait(false);
        }

        if (lost)
            throw new LeadershipLostException($"manager {options.Name} ({options.Identity}) lost lease {options.LeaseNamespace}/{options.LeaseName}");
    }

    private async Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        var synced = Task.WhenAll(informers.Select(informer => informer.Synced));
        var ended = informerTasks.Length == 0 ? Task.Delay(Timeout.Infinite, CancellationToken.None) : Task.WhenAny(informerTasks);
        var first = await Task.WhenAny(synced, ended).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first != synced)
        {
            var failed = Array.FindIndex(informerTasks, task => task.IsCompleted);
            throw new InvalidOperationException($"informer {informers[failed].Name} stopped before it synced", informerTasks[failed].Exception);
        }

        ManagerLog.Synced(logger, options.Name);
    }

    private async Task ShutDownAsync(Task workers, bool lost, CancellationTokenSource workersStop, CancellationTokenSource reconcileStop, CancellationTokenSource informersStop)
    {
        await workersStop.CancelAsync().ConfigureAwait(false);
        if (lost)
            await reconcileStop.CancelAsync().ConfigureAwait(false);
        using var grace = new CancellationTokenSource(options.GracefulShutdownTimeout, time);
        try
        {
            var drains = controllers.Select(controller => controller.Queue.ShutDownWithDrainAsync(grace.Token));
            await Task.WhenAll([workers, .. drains]).WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ManagerLog.GraceExpired(logger, options.Name, options.GracefulShutdownTimeout);
            await reconcileStop.CancelAsync().ConfigureAwait(false);
            await workers.ConfigureAwait(false);
        }

        leading = false;
        await informersStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(informerTasks.Select(task => task.ContinueWith(LogEnded, TaskScheduler.Default))).ConfigureAwait(false);
        if (elector is not null && !lost)
        {
            using var releaseDeadline = new CancellationTokenSource(options.RenewDeadline, time);
            await elector.ReleaseAsync(releaseDeadline.Token).ConfigureAwait(false);
        }

        running = false;
        if (probe is not null)
        {
            await probe.DisposeAsync().ConfigureAwait(false);
            probe = null;
        }

        ManagerLog.Stopped(logger, options.Name);
    }

    private void LogEnded(Task task)
    {
        if (task.IsFaulted)
            ManagerLog.InformerFailed(logger, task.Exception, options.Name, "(shutdown)");
    }

    private string? Unhealthy()
    {
        if (!running)
            return "manager not running";
        for (var i = 0; i < informerTasks.Length; i++)
        {
            if (informerTasks[i].IsCompleted)
                return $"informer {informers[i].Name} stopped";
        }

        return null;
    }

    private string? NotReady()
    {
        var waiting = informers.Where(informer => !informer.HasSynced).Select(informer => informer.Name).ToList();
        return waiting.Count == 0 ? null : "informers not synced: " + string.Join(", ", waiting);
    }
}
