using Multi.Bench.Measurement;

namespace Multi.Bench.Daemon;

/// <summary>The thick-mode scenario's summaries, targets (node-daemon.md, section 7) and every measured pod.</summary>
internal sealed record DaemonScenarioResult(
    int Pods,
    int WarmupPods,
    string DaemonBuild,
    Distribution Daemon,
    Distribution Thin,
    Distribution Direct,
    Distribution DaemonOverhead,
    Distribution ThinOverhead,
    Distribution DaemonAdd,
    Distribution DaemonDel,
    Distribution ThinAdd,
    Distribution ThinDel,
    int MaxDaemonAddRequests,
    int MaxDaemonDelRequests,
    double MeanThinAddRequests,
    double RestRssMiB,
    double RestRssAfterMiB,
    BurstResult PeakBurst,
    BurstResult DaemonBurst,
    BurstResult ThinBurst,
    IReadOnlyList<string> DaemonMetrics,
    IReadOnlyList<DaemonPodSample> Samples)
{
    /// <summary>Direct again − direct, per pod (<see cref="DaemonPodSample.DirectNoiseMs"/>).</summary>
    public Distribution DirectNoise => Distribution.Of(Samples.Select(s => s.DirectNoiseMs));

    /// <summary>Two floor starts per pod, and the overhead above them (null when the run had no floor program).</summary>
    public Distribution? Floor => Samples.All(s => s.FloorMs > 0) ? Distribution.Of(Samples.Select(s => s.FloorMs)) : null;

    public Distribution? AboveFloor => Floor is null ? null : Distribution.Of(Samples.Select(s => s.AboveFloorMs));

    public bool OverheadPass => DaemonOverhead.MedianMs <= Targets.PodOverheadMedianMs && DaemonOverhead.P99Ms <= Targets.DaemonOverheadP99Ms;

    public bool RequestsPass => MaxDaemonAddRequests <= Targets.DaemonMaxAddRequests && MaxDaemonDelRequests == 0;

    public bool RestMemoryPass => RestRssMiB <= Targets.DaemonRestRssMiB;

    public bool PeakMemoryPass => PeakBurst.DaemonPeakRssMiB <= Targets.DaemonPeakRssMiB;

    public bool BurstPass => DaemonBurst.Failures == 0 && PeakBurst.Failures == 0;

    public bool Pass => OverheadPass && RequestsPass && RestMemoryPass && PeakMemoryPass && BurstPass;

    public static DaemonScenarioResult From(int warmupPods, string build, IReadOnlyList<DaemonPodSample> samples, (double Before, double After) rest,
        BurstResult peak, BurstResult daemonBurst, BurstResult thinBurst, IReadOnlyList<string> metrics) => new(
        samples.Count,
        warmupPods,
        build,
        Distribution.Of(samples.Select(s => s.DaemonMs)),
        Distribution.Of(samples.Select(s => s.ThinMs)),
        Distribution.Of(samples.Select(s => s.DirectMs)),
        Distribution.Of(samples.Select(s => s.DaemonOverheadMs)),
        Distribution.Of(samples.Select(s => s.ThinOverheadMs)),
        Distribution.Of(samples.Select(s => s.DaemonAddMs)),
        Distribution.Of(samples.Select(s => s.DaemonDelMs)),
        Distribution.Of(samples.Select(s => s.ThinAddMs)),
        Distribution.Of(samples.Select(s => s.ThinDelMs)),
        samples.Max(s => s.DaemonAddRequests),
        samples.Max(s => s.DaemonDelRequests),
        Math.Round(samples.Average(s => s.ThinAddRequests), 2),
        Math.Round(rest.Before, 1),
        Math.Round(rest.After, 1),
        peak,
        daemonBurst,
        thinBurst,
        metrics,
        samples);
}
