using Prometheus;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// The daemon's Kubernetes-access metrics in one registry: requests the CNI path sent (informers excluded), cache misses by
/// kind, events sent and dropped, and each informer's last-event age (set when the registry is scraped).
/// </summary>
internal sealed class NodeApiMetrics
{
    public NodeApiMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        ApiRequests = factory.CreateCounter("multi_daemon_api_requests_total", "HTTP requests the daemon's CNI path sent to the API server (retries included).", "method");
        CacheMisses = factory.CreateCounter("multi_daemon_cache_misses_total", "Reads the informer caches could not answer, sent to the API server instead.", "kind");
        EventsSent = factory.CreateCounter("multi_daemon_events_sent_total", "Pod events posted to the API server after the CNI answer.");
        EventsDropped = factory.CreateCounter("multi_daemon_events_dropped_total", "Pod events never sent: the queue was full or the API server refused them.");
        InformerAge = factory.CreateGauge("multi_daemon_informer_last_event_age_seconds", "Seconds since the informer last heard from the API server.", "informer");
    }

    public Counter ApiRequests { get; }

    public Counter CacheMisses { get; }

    public Counter EventsSent { get; }

    public Counter EventsDropped { get; }

    public Gauge InformerAge { get; }
}
