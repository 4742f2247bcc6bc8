using Multi.Bench.Measurement;
using Multi.Bench.Topology;
using Multi.Sandbox.Runtime;

namespace Multi.Bench.Pods;

/// <summary>The runtime calls <c>multi</c> once for ADD and once for DEL; multi runs the three delegates itself.</summary>
internal sealed class MultiPodPath(BenchTopology topology, ContainerRuntime runtime, string multiBinary) : IPodPath
{
    public string Name => "multi";

    public async Task<PathSample> RunAsync(BenchPod pod)
    {
        var containerId = pod.ContainerId(Name);
        var args = pod.RuntimeArgs(containerId);
        var netns = pod.Namespace.Path;

        var add = (await runtime.AddAsync(multiBinary, topology.MultiConfig(), containerId, netns, "eth0", args).ConfigureAwait(false))
            .EnsureSuccess($"multi ADD of {pod.Name}");
        if (add.Json?["interfaces"] is null)
        {
            throw new InvalidOperationException($"multi ADD of {pod.Name} printed no interfaces: {add.Stdout}");
        }

        await PodInterfaces.ExpectAsync(pod.Namespace, PodInterfaces.Attached, "after multi ADD").ConfigureAwait(false);
        var del = (await runtime.DelAsync(multiBinary, topology.MultiConfig(), containerId, netns, "eth0", args).ConfigureAwait(false))
            .EnsureSuccess($"multi DEL of {pod.Name}");
        await PodInterfaces.ExpectAsync(pod.Namespace, PodInterfaces.Detached, "after multi DEL").ConfigureAwait(false);

        return PathSample.Of(Name, [CallSample.Of("multi", "ADD", "eth0", add.Elapsed), CallSample.Of("multi", "DEL", "eth0", del.Elapsed)]);
    }
}
