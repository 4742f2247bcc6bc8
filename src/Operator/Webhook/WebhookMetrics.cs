using Prometheus;

namespace Multi.Operator.Webhook;

/// <summary>Reviews by endpoint, kind and result (<c>allowed</c>, <c>denied</c>, <c>patched</c>, <c>bad_request</c>, <c>unavailable</c>, <c>error</c>), and their duration.</summary>
internal sealed class WebhookMetrics
{
    private static readonly double[] Seconds = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

    public WebhookMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        Reviews = factory.CreateCounter("multi_webhook_reviews_total", "AdmissionReviews answered, by endpoint, kind under review and result.", ["endpoint", "kind", "result"]);
        Duration = factory.CreateHistogram("multi_webhook_review_duration_seconds", "Time from a review's first byte read to its answer written.", ["endpoint"], new HistogramConfiguration { Buckets = Seconds });
    }

    public Counter Reviews { get; }

    public Histogram Duration { get; }
}
