using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.MetaPlugin.Tests.Integration;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Kubernetes;

/// <summary>
/// A <see cref="TestNode"/> with a control plane: the embedded API server listening on an uplink into the node's
/// namespace (where the runtime runs <c>multi</c>), the NAD CRD from <c>crds/</c>, a kubeconfig for <c>multi</c>,
/// and a real KubernetesClient for the test's own reads and writes.
/// </summary>
internal sealed class KubeTestNode : IAsyncDisposable
{
    private static int nextSlot;
    private readonly ApiUplink uplink;

    private KubeTestNode(TestNode node, ApiUplink uplink, EmbeddedApiServer server, k8s.Kubernetes client, string kubeconfig)
    {
        Node = node;
        this.uplink = uplink;
        Server = server;
        Client = client;
        Kubeconfig = kubeconfig;
    }

    public TestNode Node { get; }

    public EmbeddedApiServer Server { get; private set; }

    public k8s.Kubernetes Client { get; }

    public string Kubeconfig { get; }

    /// <summary>The node end of the uplink: an address the host reaches the node namespace on.</summary>
    public System.Net.IPAddress NodeAddress => uplink.NodeAddress;

    /// <summary><paramref name="faults"/>: the server's per-request hook (<see cref="EmbeddedApiServerOptions.Faults"/>).</summary>
    public static async Task<KubeTestNode> CreateAsync(Func<ApiRequestInfo, ApiFault?>? faults = null)
    {
        var node = await TestNode.CreateAsync();
        var slot = Interlocked.Increment(ref nextSlot);
        var uplink = await ApiUplink.CreateAsync(node.Node, $"{node.Prefix}a0", $"{node.Prefix}a1", 200 + (Environment.ProcessId % 50), slot % 64);
        var server = new EmbeddedApiServer(new EmbeddedApiServerOptions { ListenAddress = uplink.HostAddress, Faults = faults });
        await server.StartAsync(TestContext.Current.CancellationToken);
        var kubeconfig = Path.Combine(node.StateDir, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var kube = new KubeTestNode(node, uplink, server, client, kubeconfig);
        await kube.ApplyNadCrdAsync();
        return kube;
    }

    /// <summary>Stops the API server: connections to its address are refused from now on.</summary>
    public async Task StopApiServerAsync() => await Server.DisposeAsync();

    /// <summary>A multi configuration in Kubernetes mode: the cluster bridge inline, secondaries from annotations.</summary>
    public JsonObject MultiConfig(Action<JsonObject>? adjust = null)
    {
        var config = Node.MultiConfig("1.0.0", Node.ClusterBridge());
        config["kubeconfig"] = Kubeconfig;
        config["confDir"] = Path.Combine(Node.StateDir, "net.d");
        adjust?.Invoke(config);
        return config;
    }

    public async Task CreateNadAsync(string ns, string name, JsonObject? config)
    {
        var nad = new JsonObject
        {
            ["apiVersion"] = "k8s.cni.cncf.io/v1",
            ["kind"] = "NetworkAttachmentDefinition",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = config is null ? new JsonObject() : new JsonObject { ["config"] = config.ToJsonString() },
        };
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, "k8s.cni.cncf.io", "v1", ns, "network-attachment-definitions", cancellationToken: TestContext.Current.CancellationToken);
    }

    public async Task EnsureNamespaceAsync(string name)
    {
        if ((await Client.CoreV1.ListNamespaceAsync(cancellationToken: TestContext.Current.CancellationToken)).Items.All(n => n.Metadata.Name != name))
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    public async Task<V1Pod> CreatePodAsync(string ns, string name, IDictionary<string, string>? annotations = null) =>
        await Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Annotations = annotations },
                Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "app", Image = "busybox" }] },
            },
            ns,
            cancellationToken: TestContext.Current.CancellationToken);

    public async Task<V1Pod> ReadPodAsync(string ns, string name) =>
        await Client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: TestContext.Current.CancellationToken);

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string ns) =>
        (await Client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items.ToList();

    public static string PodArgs(V1Pod pod, string? uid = null) =>
        $"IgnoreUnknown=1;K8S_POD_NAMESPACE={pod.Metadata.NamespaceProperty};K8S_POD_NAME={pod.Metadata.Name};K8S_POD_INFRA_CONTAINER_ID=ctr-{pod.Metadata.Name};K8S_POD_UID={uid ?? pod.Metadata.Uid}";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await uplink.DisposeAsync();
        await Node.DisposeAsync();
    }

    private Task ApplyNadCrdAsync() => ApplyCrdAsync("k8s.cni.cncf.io_network-attachment-definitions.yaml");

    /// <summary>Applies one CustomResourceDefinition of <c>crds/</c>, by file name.</summary>
    public async Task ApplyCrdAsync(string file)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", file)));
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: TestContext.Current.CancellationToken);
    }
}
