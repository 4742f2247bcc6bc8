namespace Multi.Runtime.Informers;

public sealed partial class Informer<T>
{
    private int consecutiveFailures;

    /// <summary>Lists, then watches until cancelled; returns when cancelled. Runs once per informer.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 1)
            throw new InvalidOperationException($"informer {Name} is already running");
        ITimer? resync = null;
        var mustList = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (mustList)
                    {
                        ApplyList(await source.ListAsync(cancellationToken).ConfigureAwait(false));
                        mustList = false;
                        consecutiveFailures = 0;
                        if (resync is null && options.ResyncPeriod > TimeSpan.Zero)
                            resync = time.CreateTimer(_ => Resync(), null, options.ResyncPeriod, options.ResyncPeriod);
                    }

                    if (await WatchAsync(cancellationToken).ConfigureAwait(false) == 0)
                        await Task.Delay(RetryBackoff.Delay(consecutiveFailures++), time, cancellationToken).ConfigureAwait(false);
                }
                catch (ResourceExpiredException)
                {
                    InformerLog.Expired(logger, Name, ResourceVersion);
                    mustList = true;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception error)
                {
                    await BackOffAsync(error, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            resync?.Dispose();
        }
    }

    /// <summary>Follows one watch until the server ends it; answers how many events it brought (none: back off a little).</summary>
    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        var events = 0;
        await foreach (var change in source.WatchAsync(ResourceVersion, cancellationToken).ConfigureAwait(false))
        {
            consecutiveFailures = 0;
            events++;
            ApplyEvent(change);
        }

        return events;
    }

    private async Task BackOffAsync(Exception error, CancellationToken cancellationToken)
    {
        var delay = RetryBackoff.Delay(consecutiveFailures++);
        InformerLog.Failed(logger, error, Name, consecutiveFailures, delay);
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the loop ends on its next check
        }
    }
}
