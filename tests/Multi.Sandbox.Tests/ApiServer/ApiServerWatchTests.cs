using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Multi.Sandbox.ApiServer;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerWatchTests
{
    [Fact]
    public async Task Watch_WithoutVersion_SendsCurrentStateThenLiveChangesInOrder()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("existing"), "default", cancellationToken: ct);

        var seen = new List<string>();
        await foreach (var (type, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync("default", cancellationToken: ct))
        {
            seen.Add($"{type} {pod.Metadata.Name} {pod.Metadata.Labels?.Count ?? 0}");
            if (seen.Count == 1)
                await ChangeAsync(cluster, ct);
            if (seen.Count == 4)
                break;
        }

        Assert.Equal(["Added existing 0", "Added web 0", "Modified web 1", "Deleted web 1"], seen);
    }

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysLaterChangesOnly()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("before"), "default", cancellationToken: ct);
        var start = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct)).Metadata.ResourceVersion;
        await ChangeAsync(cluster, ct);

        var seen = new List<string>();
        await foreach (var (type, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: start, cancellationToken: ct))
        {
            seen.Add($"{type} {pod.Metadata.Name}");
            if (seen.Count == 3)
                break;
        }

        Assert.Equal(["Added web", "Modified web", "Deleted web"], seen);
    }

    [Fact]
    public async Task Watch_AllowWatchBookmarks_SendsBookmarkAtCurrentVersionEachPeriod()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new EmbeddedApiServerOptions { TimeProvider = time, BookmarkInterval = TimeSpan.FromSeconds(1) };
        await using var cluster = await TestCluster.StartAsync(options);
        var ct = TestCluster.Deadline();
        var start = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct)).Metadata.ResourceVersion;
        var created = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);

        var seen = new List<(WatchEventType Type, string Version)>();
        await foreach (var (type, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync(
                           "default", allowWatchBookmarks: true, resourceVersion: start, cancellationToken: ct))
        {
            seen.Add((type, pod.Metadata.ResourceVersion));
            if (seen.Count == 2)
                break;
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([(WatchEventType.Added, created.Metadata.ResourceVersion), (WatchEventType.Bookmark, created.Metadata.ResourceVersion)], seen);
    }

    [Fact]
    public async Task Watch_VersionOlderThanEventLog_ReportsExpired410()
    {
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { EventLogCapacity = 2 });
        var ct = TestCluster.Deadline();
        var first = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("p0"), "default", cancellationToken: ct);
        for (var i = 1; i < 5; i++)
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod($"p{i}"), "default", cancellationToken: ct);

        var errors = new List<Exception>();
        var events = 0;
        await foreach (var _ in cluster.Client.CoreV1.WatchListNamespacedPodAsync(
                           "default", resourceVersion: first.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: ct))
            events++;

        Assert.Equal(0, events);
        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
    }

    [Fact]
    public async Task Watch_VersionStillInEventLog_Resumes()
    {
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { EventLogCapacity = 2 });
        var ct = TestCluster.Deadline();
        V1Pod last = new();
        for (var i = 0; i < 5; i++)
            last = await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod($"p{i}"), "default", cancellationToken: ct);
        var resumeFrom = (long.Parse(last.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) - 2).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var seen = new List<string>();
        await foreach (var (type, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: resumeFrom, cancellationToken: ct))
        {
            seen.Add($"{type} {pod.Metadata.Name}");
            if (seen.Count == 2)
                break;
        }

        Assert.Equal(["Added p3", "Added p4"], seen);
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { TimeProvider = time });
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);

        var seen = 0;
        await foreach (var _ in cluster.Client.CoreV1.WatchListNamespacedPodAsync("default", timeoutSeconds: 30, cancellationToken: ct))
        {
            seen++;
            time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(1, seen);
    }

    private static async Task ChangeAsync(TestCluster cluster, CancellationToken ct)
    {
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        var label = new V1Patch("""{"metadata":{"labels":{"a":"1"}}}""", V1Patch.PatchType.MergePatch);
        await cluster.Client.CoreV1.PatchNamespacedPodAsync(label, "web", "default", cancellationToken: ct);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("web", "default", cancellationToken: ct);
    }
}
