using Prometheus;

namespace Multi.Runtime.Informers;

/// <summary>The informers' prometheus metrics in one registry, labelled by informer name.</summary>
internal sealed class InformerMetrics
{
    public InformerMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        LastEventAge = factory.CreateGauge(
            "informer_last_event_age_seconds",
            "Seconds since the informer last heard from the API server (an event or a bookmark).",
            "informer");
        Relists = factory.CreateCounter("informer_relists_total", "Full lists after the first (expired versions, outages).", "informer");
        Objects = factory.CreateGauge("informer_objects", "Objects in the informer's cache.", "informer");
    }

    public Gauge LastEventAge { get; }

    public Counter Relists { get; }

    public Gauge Objects { get; }
}
