using System.Text.Json;
using k8s;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

namespace Multi.Sandbox.Local;

/// <summary>
/// Brings the local sandbox up and down: two node namespaces joined by an underlay, the embedded API server in a
/// background process reached through an uplink per node, the sample manifests applied to it, and pods as network
/// namespaces attached through the published <c>multi</c> binary exactly as a kubelet's runtime calls it (Kubernetes
/// mode) on their node, torn down through CNI DEL.
/// </summary>
internal sealed partial class SandboxRunner(SandboxTopology topology, Action<string> progress, TimeProvider? time = null)
{
    private static readonly JsonSerializerOptions StateJson = new() { WriteIndented = true };

    /// <summary>What <c>up</c>'s ADDs printed about running in-process (the shim did not reach the daemon), per pod.</summary>
    private readonly List<string> inProcess = [];

    private TimeProvider Time => time ?? TimeProvider.System;


    private ApiServerProcess ApiServer => new(topology, Time);

    private OperatorProcess Operator => new(topology, Time);

    private NodeDaemonProcess DaemonOf(SandboxNode node) => new(node, Time);

    /// <summary>The node a recorded pod was attached on (node 0 for a record without one).</summary>
    private SandboxNode NodeOf(SandboxPod pod) => topology.Nodes.FirstOrDefault(n => n.Name == pod.Node) ?? topology.Nodes[0];

    public async Task<StatusReport> StatusAsync(CancellationToken cancellationToken = default)
    {
        var health = await Operator.HealthAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(topology.StateFile))
        {
            var daemons = await ReadNodesAsync(null, cancellationToken).ConfigureAwait(false);
            return new StatusReport(false, ApiServer.IsAlive(), health, daemons[0].Daemon, [], [], [], daemons, [], Kubelet.IsAlive());
        }

        var pods = ReadState();
        if (!ApiServer.IsAlive())
        {
            var nodes = await ReadNodesAsync(null, cancellationToken).ConfigureAwait(false);
            return new StatusReport(true, false, health, nodes[0].Daemon, pods.Select(p => new PodNetworks(p, [], "the API server is not running")).ToList(), [], [], nodes, [], Kubelet.IsAlive());
        }

        using var client = Client();
        var states = await ReadNodesAsync(client, cancellationToken).ConfigureAwait(false);
        return new StatusReport(
            true,
            true,
            health,
            states[0].Daemon,
            await ReadNetworksAsync(client, pods, cancellationToken).ConfigureAwait(false),
            await ReadPoolsAsync(client, cancellationToken).ConfigureAwait(false),
            await ReadClusterNetworksAsync(client, cancellationToken).ConfigureAwait(false),
            states,
            await ReadDeviceAttachmentsAsync(client, pods, cancellationToken).ConfigureAwait(false),
            Kubelet.IsAlive());
    }

    /// <summary>Every node: its daemon's health and its managed links (from the API when <paramref name="client"/> is given).</summary>
    private async Task<IReadOnlyList<NodeState>> ReadNodesAsync(IKubernetes? client, CancellationToken cancellationToken)
    {
        var nodes = new List<NodeState>();
        foreach (var node in topology.Nodes)
        {
            nodes.Add(await ReadNodeAsync(client, node, cancellationToken).ConfigureAwait(false));
        }

        return nodes;
    }

    /// <summary>The IPPools' usage from their status (see <see cref="PoolUsage"/>); an API failure is one row saying so.</summary>
    private async Task<IReadOnlyList<PoolUsage>> ReadPoolsAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            return await PoolUsage.ReadAsync(client, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            return [new PoolUsage("?", string.Empty, null, 0, null, $"cannot list the pools: {ex.Message}")];
        }
    }

    private static async Task<IReadOnlyList<PodNetworks>> ReadNetworksAsync(IKubernetes client, IEnumerable<SandboxPod> pods, CancellationToken cancellationToken)
    {
        var result = new List<PodNetworks>();
        foreach (var pod in pods)
        {
            try
            {
                var current = await client.CoreV1.ReadNamespacedPodAsync(pod.Name, pod.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                result.Add(PodNetworks.From(pod, current.Metadata.Annotations));
            }
            catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException)
            {
                result.Add(new PodNetworks(pod, [], $"cannot read the pod: {ex.Message}"));
            }
        }

        return result;
    }

    /// <summary>A client for the sandbox's API server with a short timeout: nothing here waits without a bound.</summary>
    private k8s.Kubernetes Client()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig);
        config.HttpClientTimeout = TimeSpan.FromSeconds(10);
        return new k8s.Kubernetes(config);
    }

    /// <summary>
    /// The runtime of a node: plugins run in its namespace with its own files at <see cref="SandboxTopology.NodeView"/>; CNI_PATH
    /// the Debian plugins, artifacts/cni and the sandbox's own (the VF plugin).
    /// </summary>
    private ContainerRuntime Runtime(SandboxNode node)
    {
        Directory.CreateDirectory(topology.NodeView);
        return new($"{RepoLayout.CniSearchPath}:{topology.PluginDir}", NetworkNamespace.Existing(node.Namespace), (node.Dir, topology.NodeView));
    }

    private List<SandboxPod> ReadState() => File.Exists(topology.StateFile)
        ? JsonSerializer.Deserialize<List<SandboxPod>>(File.ReadAllText(topology.StateFile), StateJson) ?? []
        : [];

    private async Task WriteStateAsync(IReadOnlyList<SandboxPod> pods) =>
        await File.WriteAllTextAsync(topology.StateFile, JsonSerializer.Serialize(pods, StateJson)).ConfigureAwait(false);

    private static void EnsurePrerequisites()
    {
        if (!HostCommand.IsRoot)
        {
            throw new InvalidOperationException("the sandbox creates network namespaces and needs root: run it with sudo (or as root)");
        }

        if (!RepoLayout.DebianPluginsInstalled)
        {
            throw new InvalidOperationException($"the CNI plugins are missing from {RepoLayout.DebianPluginDir}: apt-get install containernetworking-plugins");
        }

        RepoLayout.RequireMultiBinary();
        RepoLayout.RequireIpamBinary();
    }
}
