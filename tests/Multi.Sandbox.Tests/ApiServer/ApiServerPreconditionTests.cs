using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Multi.Sandbox.Tests.ApiServer.CrdFixtures;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerPreconditionTests
{
    private const string WrongUid = "00000000-0000-0000-0000-000000000001";

    public static TheoryData<string, string> MismatchingWrites => new()
    {
        { "replace", "main" },
        { "replace", "status" },
        { "merge", "main" },
        { "merge", "status" },
        { "json", "main" },
        { "strategic", "status" },
    };

    [Theory]
    [MemberData(nameof(MismatchingWrites))]
    public async Task PodWrite_OtherUid_409PreconditionFailedAndUnchanged(string kind, string target)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        var (uid, version) = (created.Metadata.Uid, created.Metadata.ResourceVersion);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => WriteAsync(cluster.Client, created, kind, target, WrongUid, ct));
        var status = JsonNode.Parse(error.Response.Content)!;
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal(
            $"Operation cannot be fulfilled on pods \"web\": Precondition failed: UID in precondition: {WrongUid}, UID in object meta: {uid}",
            (string?)status["message"]);
        Assert.Equal(version, stored.Metadata.ResourceVersion);
    }

    [Theory]
    [MemberData(nameof(MismatchingWrites))]
    public async Task PodWrite_SameUid_Succeeds(string kind, string target)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);

        await WriteAsync(cluster.Client, created, kind, target, created.Metadata.Uid, ct);
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);

        Assert.Equal("v", stored.Metadata.Annotations["k"]);
        Assert.Equal(created.Metadata.Uid, stored.Metadata.Uid);
    }

    [Fact]
    public async Task CustomObjectPatch_OtherUid_409PreconditionFailed()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(NetworkAttachmentDefinition(), cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Nad("macvlan", "{}"), NadGroup, "v1", "default", NadPlural, cancellationToken: ct);

        var patch = new V1Patch($$$"""{"metadata":{"uid":"{{{WrongUid}}}"},"spec":{"config":"x"}}""", V1Patch.PatchType.MergePatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, NadGroup, "v1", "default", NadPlural, "macvlan", cancellationToken: ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains($"Precondition failed: UID in precondition: {WrongUid}, UID in object meta: ", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodStatusPatch_Annotations_AreStoredWithoutNewGeneration()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);

        var patch = new V1Patch("""{"metadata":{"annotations":{"k8s.v1.cni.cncf.io/network-status":"[]"},"labels":{"l":"1"}}}""", V1Patch.PatchType.MergePatch);
        var patched = await cluster.Client.CoreV1.PatchNamespacedPodStatusAsync(patch, "web", "default", cancellationToken: ct);

        Assert.Equal("[]", patched.Metadata.Annotations["k8s.v1.cni.cncf.io/network-status"]);
        Assert.Equal("1", patched.Metadata.Labels["l"]);
        Assert.Equal(1, patched.Metadata.Generation);
    }

    [Fact]
    public async Task CustomObjectStatusPatch_Annotations_AreIgnored()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(IpPool(), cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(Pool("pool-a", "10.0.0.0/24"), PoolGroup, "v1", PoolPlural, cancellationToken: ct);

        var patch = new V1Patch("""{"metadata":{"annotations":{"k":"v"}},"status":{"allocated":1}}""", V1Patch.PatchType.MergePatch);
        var patched = Json(await cluster.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(patch, PoolGroup, "v1", PoolPlural, "pool-a", cancellationToken: ct));

        Assert.Null(patched["metadata"]!["annotations"]);
        Assert.Equal(1, (int)patched["status"]!["allocated"]!);
    }

    private static Task WriteAsync(Kubernetes client, V1Pod pod, string kind, string target, string uid, CancellationToken ct)
    {
        var status = target == "status";
        if (kind == "replace")
        {
            pod.Metadata.Uid = uid;
            pod.Metadata.Annotations = new Dictionary<string, string> { ["k"] = "v" };
            return status
                ? client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "web", "default", cancellationToken: ct)
                : client.CoreV1.ReplaceNamespacedPodAsync(pod, "web", "default", cancellationToken: ct);
        }

        var patch = kind == "json"
            ? new V1Patch($$$"""[{"op":"add","path":"/metadata/uid","value":"{{{uid}}}"},{"op":"add","path":"/metadata/annotations","value":{"k":"v"}}]""", V1Patch.PatchType.JsonPatch)
            : new V1Patch("""{"metadata":{"uid":"UID","annotations":{"k":"v"}}}""".Replace("UID", uid, StringComparison.Ordinal), kind == "merge" ? V1Patch.PatchType.MergePatch : V1Patch.PatchType.StrategicMergePatch);
        return status
            ? client.CoreV1.PatchNamespacedPodStatusAsync(patch, "web", "default", cancellationToken: ct)
            : client.CoreV1.PatchNamespacedPodAsync(patch, "web", "default", cancellationToken: ct);
    }
}
