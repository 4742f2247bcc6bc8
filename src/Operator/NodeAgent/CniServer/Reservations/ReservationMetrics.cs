using Prometheus;

namespace Multi.Operator.NodeAgent.CniServer.Reservations;

/// <summary>The daemon's node-reservation series (ipam-requirements section 9), in the daemon's registry.</summary>
internal sealed class ReservationMetrics
{
    public ReservationMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        Stock = factory.CreateGauge("multi_daemon_ipam_reserved", "Node-reserved claims this daemon holds in stock, by pool.", ["pool"]);
        Binds = factory.CreateCounter("multi_daemon_ipam_reservation_binds_total", "ADDs that took a reserved claim, by pool and result (bound, conflict).", ["pool", "result"]);
        Reserved = factory.CreateCounter("multi_daemon_ipam_reservations_created_total", "Node-reserved claims created (or adopted at start) for the stock, by pool.", ["pool"]);
        Returned = factory.CreateCounter("multi_daemon_ipam_reservations_returned_total", "Node-reserved claims deleted by the daemon, by pool and reason (idle, shutdown, pool-low).", ["pool", "reason"]);
        Failures = factory.CreateCounter("multi_daemon_ipam_reservation_failures_total", "Refill or return passes that failed (the API server or the pool), by pool.", ["pool"]);
    }

    public Gauge Stock { get; }

    public Counter Binds { get; }

    public Counter Reserved { get; }

    public Counter Returned { get; }

    public Counter Failures { get; }
}
