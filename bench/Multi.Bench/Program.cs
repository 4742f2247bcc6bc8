using Multi.Bench;
using Multi.Bench.Daemon;
using Multi.Bench.Kubernetes;
using Multi.Bench.Pods;
using Multi.Bench.Results;
using Multi.Bench.Topology;
using Multi.Bench.Version;
using Multi.Core.Cni;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

// The benchmark harness; bench/run.sh sets up the node namespace and starts this inside it.
var options = BenchOptions.Parse(args, RepoLayout.Root, out var error);
if (options is null)
{
    Console.Error.WriteLine($"error: {error}\n{BenchOptions.Usage}");
    return 2;
}

try
{
    await Preconditions.CheckAsync().ConfigureAwait(false);
    var environment = await BenchEnvironment.CollectAsync(TimeProvider.System, BenchTopology.NodeNamespace, args).ConfigureAwait(false);
    var topology = new BenchTopology(options.StateDir);
    var runtime = new ContainerRuntime(RepoLayout.DebianPluginDir, node: null);
    var multi = RepoLayout.MultiBinary;
    if (options.Only == "thick")
    {
        var (samples, metrics) = await new DaemonScenario(topology, runtime, multi, Console.WriteLine, options.Floor).ProbeAsync(options.DaemonPods, options.WarmupPods).ConfigureAwait(false);
        Console.Write(ThickProbe.Render(environment, samples, metrics));
        return 0;
    }


    var pods = new PodScenario(
        topology,
        new MultiPodPath(topology, runtime, multi),
        DirectPodPath.Create(topology, runtime, RepoLayout.DebianPluginDir),
        Console.WriteLine);
    var pod = await pods.RunAsync(options.Pods, options.WarmupPods).ConfigureAwait(false);
    var kube = await new KubernetesScenario(topology, runtime, multi, Console.WriteLine).RunAsync(options.KubePods, options.WarmupPods).ConfigureAwait(false);
    var daemon = await new DaemonScenario(topology, runtime, multi, Console.WriteLine, options.Floor).RunAsync(options.DaemonPods, options.WarmupPods, options.BurstPods, options.BurstConcurrency).ConfigureAwait(false);
    var bridge = Path.Combine(RepoLayout.DebianPluginDir, "bridge");
    var version = await new VersionScenario(runtime, multi, bridge, Console.WriteLine, options.Floor).RunAsync(options.VersionRuns, options.WarmupVersionRuns).ConfigureAwait(false);

    var report = new BenchReport(environment with { LoadAtEnd = BenchEnvironment.LoadAverage() }, pod, kube, daemon, version);
    foreach (var file in await ResultFiles.WriteAsync(report, options.ResultsDir).ConfigureAwait(false))
    {
        Console.WriteLine($"wrote {Path.GetRelativePath(RepoLayout.Root, file)}");
    }

    Console.WriteLine();
    Console.Write(MarkdownReport.Render(report));
    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or CniException or IOException or TimeoutException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
