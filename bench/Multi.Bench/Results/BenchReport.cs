using Multi.Bench.Daemon;
using Multi.Bench.Kubernetes;
using Multi.Bench.Pods;
using Multi.Bench.Version;

namespace Multi.Bench.Results;

/// <summary>Everything one run produced: what <c>meta-plugin.json</c> holds and <c>meta-plugin.md</c> summarises.</summary>
internal sealed record BenchReport(BenchEnvironment Environment, PodScenarioResult Pod, KubernetesScenarioResult Kubernetes, DaemonScenarioResult Daemon, VersionScenarioResult Version)
{
    public bool Pass => Pod.Pass && Kubernetes.Pass && Daemon.Pass && Version.Pass;
}
