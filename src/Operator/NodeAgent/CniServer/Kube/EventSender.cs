using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Multi.Cni.Kube;
using Multi.Runtime.Queue;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// Sends the engine's pod events after the CNI answer: <see cref="TryPost"/> only queues (bounded; a full queue drops and counts),
/// one loop sends them in order through a token bucket (<see cref="PerSecond"/>, burst <see cref="Burst"/>) on the injected clock,
/// so that a burst of pods can neither slow the answers nor flood the API server. A failed send is logged and counted as dropped.
/// </summary>
internal sealed class EventSender
{
    public const int Capacity = 1000;
    public const double PerSecond = 20;
    public const int Burst = 50;

    private readonly Channel<PendingEvent> queue = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full: the caller counts the drop
    });

    private readonly KubeApiClient http;
    private readonly TimeProvider clock;
    private readonly TokenBucketRateLimiter<int> limiter;
    private readonly NodeApiMetrics metrics;
    private readonly ILogger logger;

    public EventSender(KubeApiClient http, TimeProvider clock, NodeApiMetrics metrics, ILogger logger)
    {
        this.http = http;
        this.clock = clock;
        this.metrics = metrics;
        this.logger = logger;
        limiter = new TokenBucketRateLimiter<int>(clock, PerSecond, Burst);
    }

    /// <summary>Queues the event; false (and counted as dropped) when the queue is full.</summary>
    public bool TryPost(PendingEvent pending)
    {
        if (queue.Writer.TryWrite(pending))
        {
            return true;
        }

        metrics.EventsDropped.Inc();
        NodeApiLog.EventDropped(logger, Capacity, pending.Reason, pending.Namespace);
        return false;
    }

    /// <summary>Sends queued events until cancelled; what is still queued then is abandoned.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pending in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var wait = limiter.When(0);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                }

                await SendAsync(pending, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task SendAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        try
        {
            await http.CreateAsync(pending.Path, pending.Body, cancellationToken).ConfigureAwait(false);
            metrics.EventsSent.Inc();
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            metrics.EventsDropped.Inc();
            NodeApiLog.EventFailed(logger, pending.Reason, pending.Namespace, ex.Message);
        }
    }
}
