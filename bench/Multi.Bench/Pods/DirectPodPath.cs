using System.Collections.Immutable;
using System.Text;
using Multi.Bench.Measurement;
using Multi.Bench.Topology;
using Multi.Core;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;
using Multi.Sandbox.Runtime;

namespace Multi.Bench.Pods;

/// <summary>
/// The runtime calls the three delegates itself, with exactly the stdin, variables and order multi uses: Core's
/// planner names the interfaces, Core's builder writes each plugin's config, <c>CNI_ARGS</c> is what multi
/// derives for its delegates, and DEL runs in reverse with the ADD result as <c>prevResult</c>.
/// </summary>
internal sealed class DirectPodPath(ImmutableArray<PlannedAttachment> plan, ContainerRuntime runtime, string pluginDir) : IPodPath
{
    public string Name => "direct";

    public static DirectPodPath Create(BenchTopology topology, ContainerRuntime runtime, string pluginDir)
    {
        var networks = topology.Delegates()
            .Select((d, i) => new AttachmentPlanner.Request(NetworkConfigParser.Parse(d, CniVersion.V100, $"delegates[{i}]").Unwrap(), $"inline:delegates[{i}]"))
            .ToList();
        var plan = AttachmentPlanner.Plan("eth0", networks[0], networks.Skip(1).ToList()).Unwrap();
        if (plan.Any(p => p.Network.Plugins.Length != 1))
        {
            throw new InvalidOperationException("the direct path expects one plugin per delegate network");
        }

        return new DirectPodPath(plan, runtime, pluginDir);
    }

    public async Task<PathSample> RunAsync(BenchPod pod)
    {
        var containerId = pod.ContainerId(Name);
        var args = CniArgs.Parse(pod.RuntimeArgs(containerId)).ForDelegate(containerId).ToString();
        var calls = new List<CallSample>();
        var results = new Dictionary<int, CniResult>();

        foreach (var attachment in plan)
        {
            var config = PluginConfigBuilder.Build(attachment.Network, 0, null, null).Unwrap();
            var add = (await runtime.AddAsync(Plugin(attachment), config, containerId, pod.Namespace.Path, attachment.IfName, args).ConfigureAwait(false))
                .EnsureSuccess($"{Type(attachment)} ADD ({attachment.IfName}) of {pod.Name}");
            results[attachment.Position] = ResultCodec.Parse(Encoding.UTF8.GetBytes(add.Stdout), attachment.Network.CniVersion).Unwrap();
            calls.Add(CallSample.Of(Type(attachment), "ADD", attachment.IfName, add.Elapsed));
        }

        await PodInterfaces.ExpectAsync(pod.Namespace, PodInterfaces.Attached, "after direct ADD").ConfigureAwait(false);
        foreach (var attachment in plan.OrderByDescending(p => p.Position))
        {
            var config = PluginConfigBuilder.Build(attachment.Network, 0, null, results[attachment.Position]).Unwrap();
            var del = (await runtime.DelAsync(Plugin(attachment), config, containerId, pod.Namespace.Path, attachment.IfName, args).ConfigureAwait(false))
                .EnsureSuccess($"{Type(attachment)} DEL ({attachment.IfName}) of {pod.Name}");
            calls.Add(CallSample.Of(Type(attachment), "DEL", attachment.IfName, del.Elapsed));
        }

        await PodInterfaces.ExpectAsync(pod.Namespace, PodInterfaces.Detached, "after direct DEL").ConfigureAwait(false);
        return PathSample.Of(Name, calls);
    }

    private static string Type(PlannedAttachment attachment) => Json.GetString(attachment.Network.Plugins[0], "type") ?? string.Empty;

    private string Plugin(PlannedAttachment attachment) => Path.Combine(pluginDir, Type(attachment));
}
