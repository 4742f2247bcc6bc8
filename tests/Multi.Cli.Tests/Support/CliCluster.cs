using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Cli.Tests.Support;

/// <summary>The embedded API server with the shipped CRDs applied; pools, claims and pods are created directly.</summary>
internal sealed class CliCluster : IAsyncDisposable
{
    private CliCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public Kubernetes Client => Cluster.Client;

    public string Kubeconfig => Path.Combine(Cluster.Directory, "kubeconfig");

    public static async Task<CliCluster> StartAsync(EmbeddedApiServerOptions? options = null)
    {
        var cluster = await TestCluster.StartAsync(options);
        await cluster.ApplyShippedCrdsAsync();

        return new CliCluster(cluster);
    }

    /// <summary>Runs multictl against this cluster (<c>--kubeconfig</c> appended).</summary>
    public Task<CliRun> RunAsync(params string[] args) => Multictl.RunAsync([.. args, "--kubeconfig", Kubeconfig]);

    /// <summary>Runs multictl, waits for its confirmation prompt, runs <paramref name="onPrompt"/>, then types <paramref name="stdin"/>.</summary>
    public Task<CliRun> RunConfirmedAsync(string stdin, Func<Task>? onPrompt, params string[] args) =>
        Multictl.RunAsync([.. args, "--kubeconfig", Kubeconfig], stdin, "Type the address", onPrompt);

    public async Task<bool> ClaimExistsAsync(string pool, string address)
    {
        try
        {
            await Client.CustomObjects.GetClusterCustomObjectAsync("multi.dev", "v1alpha1", "ipallocations",
                IpAllocationName.Format(pool, System.Net.IPAddress.Parse(address)), TestContext.Current.CancellationToken);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task CreatePoolAsync(string name, string cidr, JsonObject? extra = null)
    {
        var spec = new JsonObject { ["cidr"] = cidr };
        foreach (var (key, value) in extra ?? [])
        {
            spec[key] = value?.DeepClone();
        }

        return Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec },
            "multi.dev", "v1alpha1", "ippools", cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A claim as the multi-ipam plugin writes it (src/Core/Ipam/IpAllocationJson.cs), of <paramref name="kind"/> (none written
    /// when null, as by a plugin older than the field).
    /// </summary>
    public Task CreateClaimAsync(string pool, string address, IpAllocationOwner owner, string? kind = IpAllocationKinds.Dynamic)
    {
        var spec = new JsonObject
        {
            ["pool"] = pool,
            ["address"] = address,
            ["owner"] = new JsonObject
            {
                ["podNamespace"] = owner.PodNamespace, ["podName"] = owner.PodName, ["podUid"] = owner.PodUid,
                ["containerId"] = owner.ContainerId, ["interface"] = owner.Interface, ["node"] = owner.Node,
            },
        };
        if (kind is not null)
        {
            spec["kind"] = kind;
        }

        return Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "multi.dev/v1alpha1",
                ["kind"] = "IPAllocation",
                ["metadata"] = new JsonObject
                {
                    ["name"] = IpAllocationName.Format(pool, System.Net.IPAddress.Parse(address)),
                    ["labels"] = new JsonObject { [IpAllocationJson.PoolLabel] = pool },
                },
                ["spec"] = spec,
            },
            "multi.dev", "v1alpha1", "ipallocations", cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Creates a pod in <c>default</c>, optionally with a phase and a network-status annotation; returns its owner record.</summary>
    public async Task<IpAllocationOwner> CreatePodAsync(string name, string? phase = null, string? networkStatus = null, string iface = "net1")
    {
        var ct = TestContext.Current.CancellationToken;
        var pod = TestCluster.Pod(name, nodeName: "node-a");
        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct);
        if (phase is not null || networkStatus is not null)
        {
            var patch = new JsonObject();
            if (networkStatus is not null)
            {
                patch["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/network-status"] = networkStatus } };
            }

            if (phase is not null)
            {
                patch["status"] = new JsonObject { ["phase"] = phase };
            }

            await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, "default", cancellationToken: ct);
        }

        return Owner(name, created.Metadata.Uid, iface);
    }

    public static IpAllocationOwner Owner(string pod, string uid, string iface = "net1") =>
        new("default", pod, uid, "c0ffee0123456789abcdef" + pod, iface, "node-a");

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
