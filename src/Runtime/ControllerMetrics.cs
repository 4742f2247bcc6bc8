using Prometheus;

namespace Multi.Runtime;

/// <summary>controller-runtime's reconcile metrics in one registry, labelled by controller.</summary>
internal sealed class ControllerMetrics
{
    public ControllerMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        Reconciles = factory.CreateCounter("controller_runtime_reconcile_total", "Total number of reconciliations per controller and result.", "controller", "result");
        Errors = factory.CreateCounter("controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller.", "controller");
        Duration = factory.CreateHistogram(
            "controller_runtime_reconcile_time_seconds",
            "Length of time per reconciliation per controller.",
            new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        ActiveWorkers = factory.CreateGauge("controller_runtime_active_workers", "Number of currently used workers per controller.", "controller");
    }

    public Counter Reconciles { get; }

    public Counter Errors { get; }

    public Histogram Duration { get; }

    public Gauge ActiveWorkers { get; }

    /// <summary>Publishes a controller's series at zero so they show before the first reconcile.</summary>
    public void Publish(string controller)
    {
        foreach (var result in new[] { "success", "error", "requeue_after" })
            Reconciles.WithLabels(controller, result).Publish();
        Errors.WithLabels(controller).Publish();
        Duration.WithLabels(controller).Publish();
        ActiveWorkers.WithLabels(controller).Publish();
    }
}
