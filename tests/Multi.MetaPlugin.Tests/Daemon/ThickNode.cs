using System.Text.Json.Nodes;
using k8s.Models;
using Multi.MetaPlugin.Tests.Integration;
using Multi.MetaPlugin.Tests.Kubernetes;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

namespace Multi.MetaPlugin.Tests.Daemon;

/// <summary>
/// A Kubernetes-mode node in thick mode: the embedded API server, the NADs <c>storage</c> (macvlan + host-local 10.55.0.0/24)
/// and <c>backhaul</c> (ptp + host-local 10.66.0.0/24), and the node agent's daemon as a process of its own in the node's
/// namespace. The runtime calls the published <c>multi</c>, whose configuration names the daemon's socket.
/// </summary>
internal sealed class ThickNode : IAsyncDisposable
{
    private ThickNode(KubeTestNode kube, string socket)
    {
        Kube = kube;
        Socket = socket;
    }

    public KubeTestNode Kube { get; }

    public TestNode Node => Kube.Node;

    public string Socket { get; }

    public NodeDaemon? Daemon { get; private set; }

    public static async Task<ThickNode> CreateAsync(Func<ApiRequestInfo, ApiFault?>? faults = null)
    {
        var kube = await KubeTestNode.CreateAsync(faults);
        var node = kube.Node;
        // Every CRD the deployment applies: the daemon's informers watch IPPools as well.
        await kube.ApplyCrdAsync("multi.dev_ippools.yaml");
        await kube.ApplyCrdAsync("multi.dev_ipallocations.yaml");
        var storage = new JsonObject { ["cniVersion"] = "1.0.0", ["type"] = "macvlan", ["master"] = node.Master, ["mode"] = "bridge", ["ipam"] = node.HostLocal("10.55.0.0/24") };
        await kube.CreateNadAsync("default", "storage", storage);
        await kube.CreateNadAsync("default", "backhaul", node.Ptp());
        return new ThickNode(kube, Path.Combine(node.StateDir, "run", "multi.sock"));
    }

    /// <summary>Starts the daemon (with the test's kubeconfig unless another is given) and waits until it is ready.</summary>
    public async Task<NodeDaemon> StartDaemonAsync(string? kubeconfig = null, string? executable = null)
    {
        Daemon = await NodeDaemon.StartAsync(Node.Node.Name, Kube.NodeAddress, kubeconfig ?? Kube.Kubeconfig, Socket, executable: executable);
        return Daemon;
    }

    /// <summary>The Kubernetes-mode configuration naming the daemon's socket.</summary>
    public JsonObject Config(Action<JsonObject>? adjust = null) => Kube.MultiConfig(c =>
    {
        c["daemonSocket"] = Socket;
        adjust?.Invoke(c);
    });

    /// <summary>A pod on node-1 asking for both NADs, and its network namespace.</summary>
    public async Task<(V1Pod Pod, NetworkNamespace Netns)> PodAsync(string name, string networks = "storage,backhaul")
    {
        var pod = await Kube.CreatePodAsync("default", name, new Dictionary<string, string> { ["k8s.v1.cni.cncf.io/networks"] = networks });
        return (pod, await Node.PodAsync(name));
    }

    public Task<CniCallResult> AddAsync(V1Pod pod, NetworkNamespace netns, JsonObject? config = null) =>
        Node.Runtime.AddAsync(TestNode.Multi, config ?? Config(), $"ctr-{pod.Metadata.Name}", netns.Path, "eth0", KubeTestNode.PodArgs(pod));

    public Task<CniCallResult> CheckAsync(V1Pod pod, NetworkNamespace netns, JsonObject? config = null) =>
        Node.Runtime.CheckAsync(TestNode.Multi, config ?? Config(), $"ctr-{pod.Metadata.Name}", netns.Path, "eth0", KubeTestNode.PodArgs(pod));

    public Task<CniCallResult> DelAsync(V1Pod pod, NetworkNamespace netns, JsonObject? config = null) =>
        Node.Runtime.DelAsync(TestNode.Multi, config ?? Config(), $"ctr-{pod.Metadata.Name}", netns.Path, "eth0", KubeTestNode.PodArgs(pod));

    /// <summary>Interface names in the pod's namespace, sorted.</summary>
    public static async Task<IReadOnlyList<string>> LinksAsync(NetworkNamespace netns) =>
        (await netns.LinksAsync()).Select(l => l.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>Requests the server received after <paramref name="before"/>, events apart, as "METHOD path".</summary>
    public IReadOnlyList<string> RequestsSince(long before) => Kube.Server.Requests
        .Where(r => r.Sequence > before && !r.Path.EndsWith("/events", StringComparison.Ordinal))
        .Select(r => $"{r.Method} {r.Path}").ToList();

    public async ValueTask DisposeAsync()
    {
        if (Daemon is not null)
        {
            await Daemon.DisposeAsync();
        }

        await Kube.DisposeAsync();
    }
}
