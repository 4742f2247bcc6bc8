using Multi.Bench.Measurement;

namespace Multi.Bench.Daemon;

/// <summary>
/// A burst of pods, each ADD then DEL, <see cref="Concurrency"/> at a time, on one path: wall time (namespace set-up
/// included), pods per second, failures, per-call latency, and the daemon's resident memory sampled every 50 ms.
/// </summary>
internal sealed record BurstResult(
    string Path,
    int Pods,
    int Concurrency,
    double WallSeconds,
    double PodsPerSecond,
    int Failures,
    string? FirstFailure,
    Distribution Add,
    Distribution Del,
    double? DaemonPeakRssMiB);
