using Multi.Bench.Measurement;

namespace Multi.Bench.Pods;

/// <summary>The pod scenario's summaries (per-pod totals and their ADD/DEL parts) and every measured pod.</summary>
internal sealed record PodScenarioResult(
    int Pods,
    int WarmupPods,
    Distribution Multi,
    Distribution Direct,
    Distribution Overhead,
    Distribution MultiAdd,
    Distribution MultiDel,
    Distribution DirectAdd,
    Distribution DirectDel,
    double TargetOverheadMedianMs,
    bool Pass,
    IReadOnlyList<PodSample> Samples)
{
    public static PodScenarioResult From(int warmupPods, IReadOnlyList<PodSample> samples)
    {
        var overhead = Distribution.Of(samples.Select(s => s.OverheadMs));
        return new PodScenarioResult(
            samples.Count,
            warmupPods,
            Distribution.Of(samples.Select(s => s.Multi.TotalMs)),
            Distribution.Of(samples.Select(s => s.Direct.TotalMs)),
            overhead,
            Distribution.Of(samples.Select(s => s.Multi.CommandMs("ADD"))),
            Distribution.Of(samples.Select(s => s.Multi.CommandMs("DEL"))),
            Distribution.Of(samples.Select(s => s.Direct.CommandMs("ADD"))),
            Distribution.Of(samples.Select(s => s.Direct.CommandMs("DEL"))),
            Targets.PodOverheadMedianMs,
            overhead.MedianMs <= Targets.PodOverheadMedianMs,
            samples);
    }
}
