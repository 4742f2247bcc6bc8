using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Controllers.Reclaim;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Operator.Tests.Controllers.Reclaim;

/// <summary>
/// The embedded API server, the manager with a short reclaim grace period, and the objects reclaim reads: pods (with
/// the UIDs the server gives them), IPPools and IPAllocation claims written as the plugin writes them.
/// </summary>
internal sealed class ReclaimWorld : IAsyncDisposable
{
    private ReclaimWorld(OperatorCluster op) => Op = op;

    public OperatorCluster Op { get; }

    public Kubernetes Client => Op.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ReclaimWorld> StartAsync(TimeSpan? grace = null, TimeSpan? audit = null, EmbeddedApiServerOptions? server = null, bool startManager = true)
    {
        var op = await OperatorCluster.StartAsync(server, startManager: false, new ReclaimOptions
        {
            Grace = grace ?? TimeSpan.FromSeconds(2),
            AuditInterval = audit ?? TimeSpan.FromMinutes(5),
            AuditPageSize = 7,
        });
        var world = new ReclaimWorld(op);
        await op.CreateNamespaceAsync("apps");
        if (startManager)
        {
            await op.StartManagerAsync();
        }

        return world;
    }

    public Task PoolAsync(string name, string cidr) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject { ["cidr"] = cidr } },
            IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, cancellationToken: Ct);

    /// <summary>A pod in <c>apps</c>; returns its UID.</summary>
    public async Task<string> PodAsync(string name, string node = "node-a")
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod(name, node), "apps", cancellationToken: Ct);
        return pod.Metadata.Uid;
    }

    public Task DeletePodAsync(string name) => Client.CoreV1.DeleteNamespacedPodAsync(name, "apps", cancellationToken: Ct);

    public async Task SetPhaseAsync(string pod, string phase) =>
        await Client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch(new JsonObject { ["status"] = new JsonObject { ["phase"] = phase } }.ToJsonString(), V1Patch.PatchType.MergePatch), pod, "apps", cancellationToken: Ct);

    /// <summary>The claim of <paramref name="address"/> in <paramref name="pool"/> held by the pod's attachment; returns the claim's name.</summary>
    public async Task<string> ClaimAsync(string pool, string address, string podName, string podUid, string containerId, string ifName = "net1", string node = "node-a")
    {
        var owner = new IpAllocationOwner("apps", podName, podUid, containerId, ifName, node);
        return await ClaimAsync(pool, address, owner);
    }

    public async Task<string> ClaimAsync(string pool, string address, IpAllocationOwner owner, string? kind = null, DateTimeOffset? boundAt = null)
    {
        var name = IpAllocationName.Format(pool, IPAddress.Parse(address));
        var claim = new JsonObject
        {
            ["apiVersion"] = "multi.dev/v1alpha1",
            ["kind"] = "IPAllocation",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { [IpAllocationResource.PoolLabel] = pool } },
            ["spec"] = new JsonObject
            {
                ["pool"] = pool,
                ["address"] = address,
                ["owner"] = new JsonObject
                {
                    ["podNamespace"] = owner.PodNamespace,
                    ["podName"] = owner.PodName,
                    ["podUid"] = owner.PodUid,
                    ["containerId"] = owner.ContainerId,
                    ["interface"] = owner.Interface,
                    ["node"] = owner.Node,
                },
            },
        };
        if (kind is not null)
        {
            claim["spec"]!["kind"] = kind;
        }

        if (boundAt is { } at)
        {
            claim["metadata"]!["annotations"] = new JsonObject { [IpAllocationJson.BoundAtAnnotation] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) };
        }

        await Client.CustomObjects.CreateClusterCustomObjectAsync(claim, IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, cancellationToken: Ct);
        return name;
    }

    public async Task DeleteClaimAsync(string name) =>
        await Client.CustomObjects.DeleteClusterCustomObjectAsync(IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, name, cancellationToken: Ct);

    /// <summary>The names of every claim in the API now.</summary>
    public async Task<HashSet<string>> ClaimNamesAsync()
    {
        var list = await Client.CustomObjects.ListClusterCustomObjectAsync(IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, cancellationToken: Ct);
        var items = JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray();
        return [.. items.Select(i => i!["metadata"]!["name"]!.GetValue<string>())];
    }

    public async Task<IpAllocationResource?> ReadClaimAsync(string name) => await new ReclaimApi(Client).ReadClaimAsync(name, Ct);

    /// <summary>Waits until the claim is gone; fails after <paramref name="seconds"/>.</summary>
    public Task GoneAsync(string name, int seconds = 15) =>
        Eventually.TrueAsync(async () => !(await ClaimNamesAsync()).Contains(name), $"claim {name} to be reclaimed", seconds);

    public async Task<IReadOnlyList<Corev1Event>> PoolEventsAsync(string pool)
    {
        var events = await Client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: Ct);
        return [.. events.Items.Where(e => e.InvolvedObject.Kind == "IPPool" && e.InvolvedObject.Name == pool)];
    }

    public async Task<string> MetricsAsync()
    {
        using var stream = new MemoryStream();
        await Op.Metrics.CollectAndExportAsTextAsync(stream, Ct);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public ValueTask DisposeAsync() => Op.DisposeAsync();
}
