using Microsoft.Extensions.Logging;
using Multi.Cni.Kube;
using Multi.Operator.Hosting;
using Prometheus;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// The daemon's Kubernetes access (node-daemon.md, section 4): informer caches answer the engine's reads, one long-lived HTTP
/// client sends its writes (on ADD, only the network-status PATCH) and the cache misses, and events go out after the answer.
/// </summary>
internal sealed class NodeApiAccess : INodeApiAccess
{
    /// <summary>Events are best effort: a short budget, so that a slow server does not hold the queue.</summary>
    private static readonly KubeRetryPolicy EventPolicy = new() { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromSeconds(4) };

    private readonly NodeKubeConnection connection;
    private readonly NodeCaches caches;
    private readonly EventSender events;
    private readonly NodeApiMetrics metrics;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private Task running = Task.CompletedTask;
    private Task sending = Task.CompletedTask;
    private int started;

    public NodeApiAccess(OperatorOptions options, TimeProvider time, ILoggerFactory loggers, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(options);
        var node = options.NodeName is { Length: > 0 } name ? name : throw new InvalidOperationException("the node daemon needs Operator:NodeName");
        logger = loggers.CreateLogger<NodeApiAccess>();
        connection = NodeKubeConnection.Create(options.Kubeconfig, time);
        metrics = new NodeApiMetrics(registry);
        caches = new NodeCaches(connection.Client, node, time, loggers);
        events = new EventSender(connection.Http.Share(EventPolicy, m => metrics.ApiRequests.WithLabels(m.Method).Inc()), time, metrics, logger);
        Factory = new CachedKubeApiFactory(caches, connection.Http, events, metrics, logger);
        registry.AddBeforeCollectCallback(UpdateInformerAges);
        NodeApiLog.Connected(logger, node, connection.Server, connection.Credentials);
    }

    public IKubeApiFactory Factory { get; }

    public string? NotReady => caches.NotReady;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 1)
        {
            throw new InvalidOperationException("the node API access is started already");
        }

        running = caches.RunAsync(stop.Token);
        sending = events.RunAsync(stop.Token);
        await caches.WaitSyncedAsync(running, cancellationToken).ConfigureAwait(false);
        NodeApiLog.Synced(logger, string.Join(", ", caches.All.Select(i => $"{i.Name} ({i.Store.Count})")));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(running, sending).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        connection.Dispose();
        stop.Dispose();
    }

    private void UpdateInformerAges()
    {
        foreach (var informer in caches.All)
        {
            metrics.InformerAge.WithLabels(informer.Name).Set(informer.LastEventAge.TotalSeconds);
        }
    }
}
