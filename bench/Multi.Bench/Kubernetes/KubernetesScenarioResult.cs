using Multi.Bench.Measurement;

namespace Multi.Bench.Kubernetes;

/// <summary>
/// The Kubernetes path's summaries. <see cref="MaxAddRequests"/> is the most API requests any ADD made on its path
/// (pod, NADs, status; events excluded, they are sent off the path): the target is at most 3.
/// </summary>
internal sealed record KubernetesScenarioResult(
    int Pods,
    int WarmupPods,
    Distribution AddDel,
    Distribution Add,
    Distribution Del,
    double MeanAddRequests,
    int MaxAddRequests,
    double MeanAddEvents,
    int TargetMaxAddRequests,
    bool Pass,
    IReadOnlyList<KubernetesPodSample> Samples)
{
    public static KubernetesScenarioResult From(int warmupPods, IReadOnlyList<KubernetesPodSample> samples)
    {
        var max = samples.Max(s => s.AddRequests);
        return new KubernetesScenarioResult(
            samples.Count,
            warmupPods,
            Distribution.Of(samples.Select(s => s.TotalMs)),
            Distribution.Of(samples.Select(s => s.AddMs)),
            Distribution.Of(samples.Select(s => s.DelMs)),
            Math.Round(samples.Average(s => s.AddRequests), 2),
            max,
            Math.Round(samples.Average(s => s.AddEvents), 2),
            Targets.MaxApiRequestsPerAdd,
            max <= Targets.MaxApiRequestsPerAdd,
            samples);
    }
}
