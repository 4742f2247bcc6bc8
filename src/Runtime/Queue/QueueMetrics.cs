using Prometheus;

namespace Multi.Runtime.Queue;

/// <summary>The work queues' prometheus metrics in one registry, labelled by queue name (client-go's names).</summary>
public sealed class QueueMetrics
{
    private static readonly double[] DurationBuckets = Histogram.ExponentialBuckets(0.00001, 10, 10);

    public QueueMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        Depth = factory.CreateGauge("workqueue_depth", "Current depth of the work queue.", "name");
        Adds = factory.CreateCounter("workqueue_adds_total", "Total number of adds handled by the work queue.", "name");
        Retries = factory.CreateCounter("workqueue_retries_total", "Total number of retries handled by the work queue.", "name");
        QueueDuration = factory.CreateHistogram(
            "workqueue_queue_duration_seconds",
            "How long in seconds an item stays in the work queue before being requested.",
            new HistogramConfiguration { LabelNames = ["name"], Buckets = DurationBuckets });
        WorkDuration = factory.CreateHistogram(
            "workqueue_work_duration_seconds",
            "How long in seconds processing an item from the work queue takes.",
            new HistogramConfiguration { LabelNames = ["name"], Buckets = DurationBuckets });
    }

    internal Gauge Depth { get; }

    internal Counter Adds { get; }

    internal Counter Retries { get; }

    internal Histogram QueueDuration { get; }

    internal Histogram WorkDuration { get; }
}
