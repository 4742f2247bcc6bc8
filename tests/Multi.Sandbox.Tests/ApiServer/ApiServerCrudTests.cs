using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Multi.Sandbox.ApiServer;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerCrudTests
{
    [Fact]
    public async Task CreateGetListDelete_PodInNamespace_RoundTrips()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        var fetched = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);
        var listed = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct);
        var elsewhere = await cluster.Client.CoreV1.ListNamespacedPodAsync("kube-system", cancellationToken: ct);
        var everywhere = await cluster.Client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web", "default", cancellationToken: ct);
        var afterDelete = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct);

        Assert.Equal("web", created.Metadata.Name);
        Assert.Equal("default", fetched.Metadata.NamespaceProperty);
        Assert.Equal("app", Assert.Single(fetched.Spec.Containers).Name);
        Assert.Equal("web", Assert.Single(listed.Items).Metadata.Name);
        Assert.Empty(elsewhere.Items);
        Assert.Single(everywhere.Items);
        Assert.Empty(afterDelete.Items);
        Assert.True(long.Parse(afterDelete.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Create_ExistingName_Returns409AlreadyExists()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal(409, status.Code);
        Assert.Equal("web", status.Details.Name);
    }

    [Fact]
    public async Task Get_MissingObject_Returns404NotFound()
    {
        await using var cluster = await TestCluster.StartAsync();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoreV1.ReadNamespacedPodAsync("nope", "default", cancellationToken: TestCluster.Deadline()));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("NotFound", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_Returns409Conflict()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var original = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        var first = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);
        first.Metadata.Labels = new Dictionary<string, string> { ["winner"] = "first" };
        await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(first, "web", "default", cancellationToken: ct);

        original.Metadata.Labels = new Dictionary<string, string> { ["winner"] = "second" };
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoreV1.ReplaceNamespacedPodAsync(original, "web", "default", cancellationToken: ct));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal("Conflict", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);
        Assert.Equal("first", stored.Metadata.Labels["winner"]);
    }

    [Fact]
    public async Task Create_Object_FillsUidCreationTimestampAndGeneration()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { TimeProvider = time });
        var ct = TestCluster.Deadline();

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        created.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };
        var labelled = await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(created, "web", "default", cancellationToken: ct);
        labelled.Spec.Containers[0].Image = "busybox:2";
        var respecced = await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(labelled, "web", "default", cancellationToken: ct);

        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), created.Metadata.CreationTimestamp);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(1, labelled.Metadata.Generation);
        Assert.Equal(2, respecced.Metadata.Generation);
        Assert.Equal(created.Metadata.Uid, respecced.Metadata.Uid);
        Assert.NotEqual(created.Metadata.ResourceVersion, labelled.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task StatusSubresource_ReplaceAndPatch_ChangeOnlyStatus()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);

        pod.Status = new V1PodStatus { Phase = "Running" };
        pod.Spec.Containers[0].Image = "ignored";
        var replaced = await cluster.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "web", "default", cancellationToken: ct);
        var patch = new V1Patch("""{"status":{"podIP":"10.0.0.7"},"spec":{"nodeName":"ignored"}}""", V1Patch.PatchType.MergePatch);
        var patched = await cluster.Client.CoreV1.PatchNamespacedPodStatusAsync(patch, "web", "default", cancellationToken: ct);
        var latest = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);
        latest.Status.Phase = "Failed";
        latest.Spec.Containers[0].Image = "busybox:3";
        var mainUpdate = await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(latest, "web", "default", cancellationToken: ct);

        Assert.Equal("Running", replaced.Status.Phase);
        Assert.Equal("busybox", replaced.Spec.Containers[0].Image);
        Assert.Equal("10.0.0.7", patched.Status.PodIP);
        Assert.Equal("Running", patched.Status.Phase);
        Assert.Null(patched.Spec.NodeName);
        Assert.Equal(1, patched.Metadata.Generation);
        Assert.Equal("Running", mainUpdate.Status.Phase);
        Assert.Equal("busybox:3", mainUpdate.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task Discovery_CoreGroup_ListsResourcesAndStatusSubresource()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();

        var versions = await cluster.Client.CoreV1.GetAPIResourcesAsync(ct);
        var groups = await cluster.Client.Apis.GetAPIVersionsAsync(ct);
        var version = await cluster.Client.Version.GetCodeAsync(ct);

        Assert.Contains(versions.Resources, r => r.Name == "pods" && r.Namespaced && r.Kind == "Pod" && r.Verbs.Contains("watch"));
        Assert.Contains(versions.Resources, r => r.Name == "pods/status");
        Assert.Contains(versions.Resources, r => r.Name == "nodes" && !r.Namespaced);
        Assert.Contains(groups.Groups, g => g.Name == "coordination.k8s.io");
        Assert.Equal("1", version.Major);
    }

    [Fact]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatchingPods()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("a", labels: new Dictionary<string, string> { ["x"] = "1" }), "default", cancellationToken: ct);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("b"), "default", cancellationToken: ct);

        await cluster.Client.CoreV1.DeleteCollectionNamespacedPodAsync("default", labelSelector: "x=1", cancellationToken: ct);
        var left = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct);

        Assert.Equal("b", Assert.Single(left.Items).Metadata.Name);
    }

    [Fact]
    public async Task Create_GenerateName_AppendsSuffix()
    {
        await using var cluster = await TestCluster.StartAsync();
        var pod = TestCluster.Pod("");
        pod.Metadata.Name = null;
        pod.Metadata.GenerateName = "web-";

        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: TestCluster.Deadline());

        Assert.StartsWith("web-", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(9, created.Metadata.Name.Length);
    }
}
