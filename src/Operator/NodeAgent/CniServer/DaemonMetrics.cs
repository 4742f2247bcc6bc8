using Prometheus;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// The daemon's series (node-daemon.md, section 4, "Operations"), in the registry the agent's <c>/metrics</c> exports: requests by
/// plugin, verb and result, their duration, the delegates' execution time, and the gate's in-flight count, queue depth and wait.
/// </summary>
internal sealed class DaemonMetrics
{
    private static readonly double[] Seconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public DaemonMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        Requests = factory.CreateCounter("multi_daemon_requests_total", "CNI requests the daemon disposed of, by plugin, verb and result (ok, error, refused, unavailable, invalid).", ["plugin", "verb", "result"]);
        Duration = factory.CreateHistogram("multi_daemon_request_duration_seconds", "Time from a request's header to its answer, queue wait included.", ["plugin", "verb"], new HistogramConfiguration { Buckets = Seconds });
        DelegateDuration = factory.CreateHistogram("multi_daemon_delegate_duration_seconds", "Execution time of delegate plugin processes, by plugin type.", ["type"], new HistogramConfiguration { Buckets = Seconds });
        Inflight = factory.CreateGauge("multi_daemon_inflight", "Requests running (holding a concurrency slot).", ["plugin"]);
        QueueDepth = factory.CreateGauge("multi_daemon_queue_depth", "Requests admitted and waiting for their container or a concurrency slot.", ["plugin"]);
        QueueWait = factory.CreateHistogram("multi_daemon_queue_wait_seconds", "Time a request waited for its container and a concurrency slot.", ["plugin"], new HistogramConfiguration { Buckets = Seconds });
    }

    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Histogram Duration { get; }

    public Histogram DelegateDuration { get; }

    public Gauge Inflight { get; }

    public Gauge QueueDepth { get; }

    public Histogram QueueWait { get; }
}
