using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Operator.Entities;
using Multi.Operator.Hosting;
using Multi.Operator.NodeAgent.CniServer.Kube;
using Multi.Sandbox.ApiServer;
using Multi.Testing;
using Prometheus;

namespace Multi.Operator.Tests.CniServer.Kube;

/// <summary>
/// The embedded API server with the shipped CRDs, namespaces <c>apps</c> and <c>other</c>, node <c>node-a</c>, and the daemon's
/// <see cref="NodeApiAccess"/> for <c>node-a</c> over real HTTP with its own metrics registry.
/// </summary>
internal sealed class NodeApiWorld : IAsyncDisposable
{
    public const string NodeName = "node-a";

    private NodeApiWorld(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public Kubernetes Client => Cluster.Client;

    public EmbeddedApiServer Server => Cluster.Server;

    public CollectorRegistry Metrics { get; } = Prometheus.Metrics.NewCustomRegistry();

    public NodeApiAccess? Access { get; private set; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<NodeApiWorld> StartAsync(EmbeddedApiServerOptions? options = null)
    {
        var world = new NodeApiWorld(await TestCluster.StartAsync(options));
        await world.Cluster.ApplyShippedCrdsAsync();
        foreach (var ns in new[] { "apps", "other" })
        {
            await world.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: Ct);
        }

        await world.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = NodeName, Labels = new Dictionary<string, string> { ["zone"] = "a" } } }, cancellationToken: Ct);
        return world;
    }

    /// <summary>The daemon's access, not started, from <paramref name="kubeconfig"/> (the server's own by default).</summary>
    public NodeApiAccess Open(string? kubeconfig = null) =>
        Access = new NodeApiAccess(new OperatorOptions { NodeName = NodeName, Kubeconfig = kubeconfig ?? Path.Combine(Cluster.Directory, "kubeconfig") }, TimeProvider.System, NullLoggerFactory.Instance, Metrics);

    public async Task<NodeApiAccess> StartAccessAsync(string? kubeconfig = null)
    {
        var access = Open(kubeconfig);
        await access.StartAsync(TestCluster.Deadline(15));
        return access;
    }

    public async Task<V1Pod> PodAsync(string name, string? node = NodeName) =>
        await Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod(name, node), "apps", cancellationToken: Ct);

    public Task NadAsync(string ns, string name) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = $"{NadResource.Group}/{NadResource.Version}",
                ["kind"] = NadResource.KindName,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new JsonObject { ["config"] = $"{{\"cniVersion\":\"1.0.0\",\"name\":\"{name}\",\"type\":\"bridge\"}}" },
            },
            NadResource.Group, NadResource.Version, ns, NadResource.Plural, cancellationToken: Ct);

    public Task DeleteNadAsync(string ns, string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(NadResource.Group, NadResource.Version, ns, NadResource.Plural, name, cancellationToken: Ct);

    public Task PoolAsync(string name, string cidr) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = $"{IpPoolResource.Group}/{IpPoolResource.Version}", ["kind"] = IpPoolResource.KindName, ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject { ["cidr"] = cidr } },
            IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, cancellationToken: Ct);

    /// <summary>The server's request count now, to compare with <see cref="RequestsSince"/>.</summary>
    public long Mark() => Server.RequestCount;

    /// <summary>The requests the server received after <paramref name="mark"/>, the informers' watch streams left out.</summary>
    public IReadOnlyList<ApiRequestInfo> RequestsSince(long mark) =>
        [.. Server.Requests.Where(r => r.Sequence > mark && !r.Query.Contains("watch=true", StringComparison.Ordinal))];

    /// <summary>A sample's value in the registry's text export (0 when absent), e.g. <c>multi_daemon_cache_misses_total{kind="pod"}</c>.</summary>
    public async Task<double> MetricAsync(string sample)
    {
        using var stream = new MemoryStream();
        await Metrics.CollectAndExportAsTextAsync(stream, Ct);
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (Access is not null)
        {
            await Access.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }
}
