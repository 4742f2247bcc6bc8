using k8s;
using System.Text.Json.Nodes;
using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.ApiServer;

namespace Multi.Operator.Tests.Controllers;

/// <summary>Deletion with attached pods, re-creation under the same name, owned pools, restarts and API outages.</summary>
public sealed class ClusterNetworkLifecycleTests
{
    private static JsonObject Bridge(params string[] namespaces) => new()
    {
        ["type"] = "bridge",
        ["master"] = "br-data",
        ["ipam"] = new JsonObject { ["raw"] = new JsonObject { ["type"] = "host-local", ["subnet"] = "10.6.0.0/24" } },
        ["namespaces"] = new JsonArray([.. namespaces.Select(n => (JsonNode?)JsonValue.Create(n))]),
    };

    [Fact]
    public async Task Delete_WithAnAttachedPod_IsHeldAndNamesThePodUntilItIsGone()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        await op.CreateNetworkAsync("data", Bridge("apps"));
        await Eventually.TrueAsync(async () => await op.GetNadAsync("apps", "data") is not null, "the NAD");
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web-0",
                Annotations = new Dictionary<string, string>
                {
                    ["k8s.v1.cni.cncf.io/network-status"] = """[{"name":"cbr0","interface":"eth0","default":true},{"name":"apps/data","interface":"net1","ips":["10.6.0.2"]}]""",
                },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox" }] },
        };
        await op.Client.CoreV1.CreateNamespacedPodAsync(pod, "apps", cancellationToken: TestContext.Current.CancellationToken);

        await op.DeleteNetworkAsync("data");
        var held = await Eventually.ValueAsync(() => op.GetNetworkAsync("data"), n => n?.Status?.Conditions.Any(c => c.Reason == "PodsAttached") == true, "the deletion to be held");
        Assert.NotNull(await op.GetNadAsync("apps", "data"));
        await op.Client.CoreV1.DeleteNamespacedPodAsync("web-0", "apps", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => await op.GetNetworkAsync("data") is null, "the network to go once the pod is gone", seconds: 30);

        Assert.Contains("apps/web-0", held!.Status!.Conditions.Single(c => c.Type == "Degraded").Message, StringComparison.Ordinal);
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        Assert.Empty(await op.ListNadsAsync("multi.dev/cluster-network=data"));
    }

    [Fact]
    public async Task Recreated_SameName_NadsCarryTheNewUid()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        await op.CreateNetworkAsync("data", Bridge("apps"));
        var first = await Eventually.ValueAsync(() => op.GetNetworkAsync("data"), n => n?.Status?.NadCount == 1, "the first network's NAD");
        await op.StopManagerAsync();

        // While the operator is away the network is deleted (its finalizer stripped by hand) and declared again.
        await op.Client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, "data", cancellationToken: TestContext.Current.CancellationToken);
        await op.DeleteNetworkAsync("data");
        var spec = Bridge("apps");
        spec["master"] = "br-other";
        await op.CreateNetworkAsync("data", spec);
        await op.StartManagerAsync();
        var second = await Eventually.ValueAsync(() => op.GetNetworkAsync("data"), n => n?.Status?.NadCount == 1 && n.Status.ObservedGeneration == n.Metadata.Generation, "the new network's status");
        var nad = await Eventually.ValueAsync(() => op.GetNadAsync("apps", "data"), n => n?.Metadata.Annotations["multi.dev/owner-uid"] == second!.Metadata.Uid, "the NAD to carry the new UID");

        Assert.NotEqual(first!.Metadata.Uid, second!.Metadata.Uid);
        Assert.Contains("br-other", nad!.Spec.Config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InlinePool_BecomesAnOwnedIpPool_AndAMissingPoolRefIsReported()
    {
        await using var op = await OperatorCluster.StartAsync();
        await op.CreateNamespaceAsync("apps");
        var inline = Bridge("apps");
        inline["ipam"] = new JsonObject { ["pool"] = new JsonObject { ["cidr"] = "10.9.0.0/24", ["gateway"] = "10.9.0.1" } };
        var byRef = Bridge("apps");
        byRef["ipam"] = new JsonObject { ["poolRef"] = "shared" };

        await op.CreateNetworkAsync("owned", inline);
        await op.CreateNetworkAsync("borrower", byRef);
        var pool = await Eventually.ValueAsync(() => op.GetPoolAsync("owned"), p => p is not null, "the owned pool");
        var missing = await Eventually.ValueAsync(() => op.ConditionAsync("borrower", "Degraded"), c => c is not null, "the borrower's status");
        await op.Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = "shared" }, ["spec"] = new JsonObject { ["cidr"] = "10.8.0.0/24" } },
            "multi.dev", "v1alpha1", "ippools", cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => await op.ConditionAsync("borrower", "Ready") == "True/Rendered", "the borrower to be ready once its pool exists");
        var nad = await op.GetNadAsync("apps", "owned");

        Assert.Equal("True/PoolNotFound", missing);
        var owner = Assert.Single(pool!.Metadata.OwnerReferences);
        Assert.Equal(("ClusterNetwork", "owned", true), (owner.Kind, owner.Name, owner.Controller == true));
        Assert.Equal("10.9.0.0/24", pool.Spec.Cidr);
        var ipam = JsonNode.Parse(nad!.Spec.Config!)!["ipam"]!;
        Assert.Equal(("multi-ipam", "owned"), ((string?)ipam["type"], (string?)ipam["pool"]));
    }

    [Fact]
    public async Task OperatorRestart_WhileChangesHappen_ConvergesWithoutDuplicates()
    {
        await using var op = await OperatorCluster.StartAsync();
        foreach (var ns in new[] { "a", "b", "c" })
        {
            await op.CreateNamespaceAsync(ns);
        }

        await op.CreateNetworkAsync("one", Bridge("a", "b"));
        await op.CreateNetworkAsync("two", Bridge("b", "c"));
        await Eventually.TrueAsync(async () => (await op.ListNadsAsync()).Count == 4, "four NADs");
        await op.StopManagerAsync();
        await op.PatchNetworkSpecAsync("one", new JsonObject { ["namespaces"] = new JsonArray("c") });
        await op.DeleteNetworkAsync("two");
        await op.CreateNetworkAsync("three", Bridge("a"));
        await op.StartManagerAsync();
        await Eventually.TrueAsync(async () => await op.GetNetworkAsync("two") is null, "network two to be finalized");
        await Eventually.TrueAsync(
            async () => string.Join(",", (await op.ListNadsAsync()).Select(n => $"{n.Metadata.NamespaceProperty}/{n.Metadata.Name}").Order(StringComparer.Ordinal)) == "a/three,c/one",
            "exactly a/three and c/one");
    }

    [Fact]
    public async Task ApiOutage_DuringReconcile_IsSurvivedAndResumes()
    {
        var outage = new OutageSwitch();
        await using var op = await OperatorCluster.StartAsync(new EmbeddedApiServerOptions { Faults = outage.Fault });
        await op.CreateNamespaceAsync("apps");

        outage.FailWrites = true;
        await op.CreateNetworkAsync("data", Bridge("apps"));
        await Eventually.TrueAsync(() => Task.FromResult(outage.Refused >= 3), "the operator to meet the outage a few times");
        outage.FailWrites = false;
        await Eventually.TrueAsync(async () => await op.ConditionAsync("data", "Ready") == "True/Rendered", "Ready after the outage", seconds: 30);

        Assert.NotNull(await op.GetNadAsync("apps", "data"));
    }

    /// <summary>While on, every write from the operator (not the test's own create of the network) answers 503.</summary>
    private sealed class OutageSwitch
    {
        private int refused;

        public volatile bool FailWrites;

        public int Refused => Volatile.Read(ref refused);

        public ApiFault? Fault(ApiRequestInfo request)
        {
            if (!FailWrites || request.Method is "GET" || (request.Method == "POST" && request.Path.EndsWith("/clusternetworks", StringComparison.Ordinal)))
            {
                return null;
            }

            Interlocked.Increment(ref refused);
            return ApiFault.ServiceUnavailable();
        }
    }
}
