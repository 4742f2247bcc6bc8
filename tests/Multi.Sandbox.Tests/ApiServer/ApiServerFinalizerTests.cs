using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Multi.Sandbox.ApiServer;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerFinalizerTests
{
    [Fact]
    public async Task Delete_WithFinalizer_SetsDeletionTimestampUntilFinalizersRemoved()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { TimeProvider = time });
        var ct = TestCluster.Deadline();
        var pod = TestCluster.Pod("web");
        pod.Metadata.Finalizers = ["multi.io/release-addresses", "other/cleanup"];
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct);

        var deleting = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web", "default", cancellationToken: ct);
        var stillThere = await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);
        var removeOne = new V1Patch("""[{"op":"remove","path":"/metadata/finalizers/0"}]""", V1Patch.PatchType.JsonPatch);
        var oneLeft = await cluster.Client.CoreV1.PatchNamespacedPodAsync(removeOne, "web", "default", cancellationToken: ct);
        var removeLast = new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.CoreV1.PatchNamespacedPodAsync(removeLast, "web", "default", cancellationToken: ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct));

        Assert.Equal(new DateTime(2030, 5, 6, 7, 8, 9, DateTimeKind.Utc), deleting.Metadata.DeletionTimestamp);
        Assert.NotNull(stillThere.Metadata.DeletionTimestamp);
        Assert.Equal(["other/cleanup"], oneLeft.Metadata.Finalizers);
        Assert.NotNull(oneLeft.Metadata.DeletionTimestamp);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Delete_AlreadyDeleting_KeepsFirstDeletionTimestamp()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { TimeProvider = time });
        var ct = TestCluster.Deadline();
        var pod = TestCluster.Pod("web");
        pod.Metadata.Finalizers = ["multi.io/release-addresses"];
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct);

        var first = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web", "default", cancellationToken: ct);
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web", "default", cancellationToken: ct);

        Assert.Equal(first.Metadata.DeletionTimestamp, second.Metadata.DeletionTimestamp);
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_FinalizerLifecycle_SeesModifiedThenDeleted()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var pod = TestCluster.Pod("web");
        pod.Metadata.Finalizers = ["multi.io/release-addresses"];
        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web", "default", cancellationToken: ct);
        var release = new V1Patch("""{"metadata":{"finalizers":[]}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.CoreV1.PatchNamespacedPodAsync(release, "web", "default", cancellationToken: ct);

        var seen = new List<string>();
        await foreach (var (type, item) in cluster.Client.CoreV1.WatchListNamespacedPodAsync(
                           "default", resourceVersion: created.Metadata.ResourceVersion, cancellationToken: ct))
        {
            seen.Add($"{type} {item.Metadata.DeletionTimestamp is not null}");
            if (seen.Count == 2)
                break;
        }

        Assert.Equal(["Modified True", "Deleted True"], seen);
    }

    [Fact]
    public async Task DeleteNamespace_WithContent_TerminatesUntilLastObjectIsGone()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } }, cancellationToken: ct);
        var held = TestCluster.Pod("held");
        held.Metadata.Finalizers = ["multi.io/release-addresses"];
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(held, "team-a", cancellationToken: ct);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("free"), "team-a", cancellationToken: ct);

        await cluster.Client.CoreV1.DeleteNamespaceAsync("team-a", cancellationToken: ct);
        var terminating = await cluster.Client.CoreV1.ReadNamespaceAsync("team-a", cancellationToken: ct);
        var left = await cluster.Client.CoreV1.ListNamespacedPodAsync("team-a", cancellationToken: ct);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("late"), "team-a", cancellationToken: ct));
        var release = new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.CoreV1.PatchNamespacedPodAsync(release, "held", "team-a", cancellationToken: ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ReadNamespaceAsync("team-a", cancellationToken: ct));

        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        var remaining = Assert.Single(left.Items);
        Assert.Equal("held", remaining.Metadata.Name);
        Assert.NotNull(remaining.Metadata.DeletionTimestamp);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task DeleteNamespace_Empty_IsRemovedAtOnce()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-b" } }, cancellationToken: ct);

        await cluster.Client.CoreV1.DeleteNamespaceAsync("team-b", cancellationToken: ct);
        var namespaces = await cluster.Client.CoreV1.ListNamespaceAsync(cancellationToken: ct);

        Assert.DoesNotContain(namespaces.Items, n => n.Metadata.Name == "team-b");
    }
}
