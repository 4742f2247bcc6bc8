using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Multi.Sandbox.Tests.ApiServer.CrdFixtures;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerCrdTests
{
    [Fact]
    public async Task CreateCrd_NetworkAttachmentDefinition_IsEstablishedAndDiscovered()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();

        var crd = await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        var groups = await cluster.Client.Apis.GetAPIVersionsAsync(ct);
        var resources = JsonNode.Parse(await cluster.Client.HttpClient.GetStringAsync(new Uri(cluster.Server.BaseAddress!, $"apis/{NadGroup}/v1"), ct))!;

        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        Assert.Contains(groups.Groups, g => g.Name == NadGroup && g.PreferredVersion.GroupVersion == $"{NadGroup}/v1");
        var entry = Assert.Single(resources["resources"]!.AsArray());
        Assert.Equal(NadPlural, (string?)entry!["name"]);
        Assert.True((bool)entry["namespaced"]!);
        Assert.Equal("NetworkAttachmentDefinition", (string?)entry["kind"]);
    }

    [Fact]
    public async Task CustomObjects_CreateGetListPatchDelete_RoundTrip()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        var objects = cluster.Client.CustomObjects;

        var created = Json(await objects.CreateNamespacedCustomObjectAsync(Nad("macvlan", "{}"), NadGroup, "v1", "default", NadPlural, cancellationToken: ct));
        var merge = new V1Patch("""{"metadata":{"labels":{"net":"a"}},"spec":{"config":"{\"type\":\"macvlan\"}"}}""", V1Patch.PatchType.MergePatch);
        var merged = Json(await objects.PatchNamespacedCustomObjectAsync(merge, NadGroup, "v1", "default", NadPlural, "macvlan", cancellationToken: ct));
        var jsonPatch = new V1Patch("""[{"op":"add","path":"/metadata/annotations","value":{"k":"v"}}]""", V1Patch.PatchType.JsonPatch);
        var patched = Json(await objects.PatchNamespacedCustomObjectAsync(jsonPatch, NadGroup, "v1", "default", NadPlural, "macvlan", cancellationToken: ct));
        var list = Json(await objects.ListNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, labelSelector: "net=a", cancellationToken: ct));
        await objects.DeleteNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, "macvlan", cancellationToken: ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() =>
            objects.GetNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, "macvlan", ct));

        Assert.Equal(1, (long)created["metadata"]!["generation"]!);
        Assert.Equal("""{"type":"macvlan"}""", (string?)merged["spec"]!["config"]);
        Assert.Equal(2, (long)merged["metadata"]!["generation"]!);
        Assert.Equal("v", (string?)patched["metadata"]!["annotations"]!["k"]);
        Assert.Equal("NetworkAttachmentDefinitionList", (string?)list["kind"]);
        Assert.Equal("macvlan", (string?)Assert.Single(list["items"]!.AsArray())!["metadata"]!["name"]);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task CustomObjects_StrategicMergePatch_Returns415()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Nad("macvlan", "{}"), NadGroup, "v1", "default", NadPlural, cancellationToken: ct);

        var patch = new V1Patch("""{"spec":{"config":"x"}}""", V1Patch.PatchType.StrategicMergePatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, NadGroup, "v1", "default", NadPlural, "macvlan", cancellationToken: ct));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
    }

    [Fact]
    public async Task ClusterScopedCrdWithStatus_StatusOnlyThroughSubresource()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(IpPool(), cancellationToken: ct);
        var objects = cluster.Client.CustomObjects;

        var created = Json(await objects.CreateClusterCustomObjectAsync(Pool("pool-a", "10.0.0.0/24"), PoolGroup, "v1", PoolPlural, cancellationToken: ct));
        var statusPatch = new V1Patch("""{"status":{"allocated":3},"spec":{"range":"ignored"}}""", V1Patch.PatchType.MergePatch);
        var withStatus = Json(await objects.PatchClusterCustomObjectStatusAsync(statusPatch, PoolGroup, "v1", PoolPlural, "pool-a", cancellationToken: ct));
        var mainPatch = new V1Patch("""{"status":{"allocated":50},"spec":{"range":"10.0.1.0/24"}}""", V1Patch.PatchType.MergePatch);
        var afterMain = Json(await objects.PatchClusterCustomObjectAsync(mainPatch, PoolGroup, "v1", PoolPlural, "pool-a", cancellationToken: ct));
        var resources = JsonNode.Parse(await cluster.Client.HttpClient.GetStringAsync(new Uri(cluster.Server.BaseAddress!, $"apis/{PoolGroup}/v1"), ct))!;

        Assert.Null(created["status"]);
        Assert.Null(created["metadata"]!["namespace"]);
        Assert.Equal(3, (int)withStatus["status"]!["allocated"]!);
        Assert.Equal("10.0.0.0/24", (string?)withStatus["spec"]!["range"]);
        Assert.Equal(1, (long)withStatus["metadata"]!["generation"]!);
        Assert.Equal(3, (int)afterMain["status"]!["allocated"]!);
        Assert.Equal("10.0.1.0/24", (string?)afterMain["spec"]!["range"]);
        Assert.Equal(2, (long)afterMain["metadata"]!["generation"]!);
        Assert.Equal(["ippools", "ippools/status"], resources["resources"]!.AsArray().Select(r => (string?)r!["name"]));
    }

    [Fact]
    public async Task DeleteCrd_RemovesItsObjectsAndDiscovery()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Nad("macvlan", "{}"), NadGroup, "v1", "default", NadPlural, cancellationToken: ct);

        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"{NadPlural}.{NadGroup}", cancellationToken: ct);
        var groups = await cluster.Client.Apis.GetAPIVersionsAsync(ct);
        var listError = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, cancellationToken: ct));
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        var recreated = Json(await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, cancellationToken: ct));

        Assert.DoesNotContain(groups.Groups, g => g.Name == NadGroup);
        Assert.Equal(HttpStatusCode.NotFound, listError.Response.StatusCode);
        Assert.Empty(recreated["items"]!.AsArray());
    }

    [Fact]
    public async Task WatchCustomObjects_SeesAddedAndModified()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        var start = Json(await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, cancellationToken: ct));
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Nad("macvlan", "{}"), NadGroup, "v1", "default", NadPlural, cancellationToken: ct);
        var merge = new V1Patch("""{"spec":{"config":"x"}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(merge, NadGroup, "v1", "default", NadPlural, "macvlan", cancellationToken: ct);

        var seen = new List<string>();
        await foreach (var (type, item) in cluster.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                           NadGroup, "v1", "default", NadPlural, resourceVersion: (string?)start["metadata"]!["resourceVersion"], cancellationToken: ct))
        {
            seen.Add($"{type} {Json(item)["spec"]!["config"]}");
            if (seen.Count == 2)
                break;
        }

        Assert.Equal(["Added {}", "Modified x"], seen);
    }

    [Fact]
    public async Task DeleteCrd_OpenWatch_SeesDeletedThenEnds()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Nad("macvlan", "{}"), NadGroup, "v1", "default", NadPlural, cancellationToken: ct);

        var seen = new List<string>();
        await foreach (var (type, _) in cluster.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(NadGroup, "v1", "default", NadPlural, cancellationToken: ct))
        {
            seen.Add(type.ToString());
            if (seen.Count == 1)
                await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"{NadPlural}.{NadGroup}", cancellationToken: ct);
        }

        Assert.Equal(["Added", "Deleted"], seen);
    }
}
