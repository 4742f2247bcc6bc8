using k8s;
using System.Collections.Concurrent;
using k8s.Models;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;
using ObjectKey = Multi.Runtime.Reconcile.ObjectKey;
using Multi.Runtime.Tests.Support;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Runtime.Tests.Informers;

public sealed class InformerFaultTests
{
    [Fact]
    public async Task WatchAsync_VersionOlderThanTheEventLog_ThrowsResourceExpired()
    {
        var deadline = TestCluster.Deadline(10);
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { EventLogCapacity = 2 });
        var source = ListWatchers.For<V1Pod>(cluster.Client, "", "v1", "pods");
        var listed = await source.ListAsync(deadline);
        for (var i = 0; i < 5; i++)
            await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("p" + i), "default", cancellationToken: deadline);

        await Assert.ThrowsAsync<ResourceExpiredException>(async () =>
        {
            await foreach (var change in source.WatchAsync(listed.ResourceVersion, deadline))
                Assert.Fail("no event expected, got " + change.Kind);
        });
    }

    [Fact]
    public async Task RunAsync_WatchResumedFromAnExpiredVersion_RelistsAndDeliversSyntheticDeletes()
    {
        var deadline = TestCluster.Deadline(20);
        var holdWatches = false;
        var heldWatches = 0;
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions
        {
            EventLogCapacity = 3,
            Faults = request =>
            {
                if (!Volatile.Read(ref holdWatches) || !request.Query.Contains("watch=true", StringComparison.Ordinal))
                    return null;
                Interlocked.Increment(ref heldWatches);
                return ApiFault.Delayed(TimeSpan.FromSeconds(1));
            },
        });
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("doomed"), "default", cancellationToken: deadline);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("kept"), "default", cancellationToken: deadline);
        var informer = InformerTests.PodInformer(cluster, watchTimeoutSeconds: 1);
        var handler = new RecordingHandler<V1Pod>();
        informer.AddEventHandler(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = informer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => informer.HasSynced, deadline, "sync");

        // The watch closes after a second; its successor is held while the server's event log moves past its version.
        Volatile.Write(ref holdWatches, true);
        await Eventually.TrueAsync(() => Volatile.Read(ref heldWatches) > 0, deadline, "a held watch");
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("doomed", "default", cancellationToken: deadline);
        for (var i = 0; i < 4; i++)
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "noise" + i } }, "default", cancellationToken: deadline);
        Volatile.Write(ref holdWatches, false);

        await Eventually.TrueAsync(() => handler.Saw("delete doomed"), deadline, "a synthetic delete");
        Assert.True(informer.Relists >= 1);
        Assert.Null(informer.Store.Get(new ObjectKey("default", "doomed")));
        Assert.NotNull(informer.Store.Get(new ObjectKey("default", "kept")));
        Assert.Contains("update kept", handler.Events);
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    [Fact]
    public async Task RunAsync_ApiOutage_BacksOffAndResumes()
    {
        var deadline = TestCluster.Deadline(20);
        var outage = false;
        var refused = new ConcurrentQueue<string>();
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = request =>
            {
                if (request.Method != "GET" || !request.Path.Contains("/pods", StringComparison.Ordinal))
                    return null;
                if (request.Query.Contains("watch=true", StringComparison.Ordinal) && refused.IsEmpty && !Volatile.Read(ref outage))
                {
                    // the first watch is dropped: the outage starts
                    Volatile.Write(ref outage, true);
                    refused.Enqueue("dropped");
                    return ApiFault.Dropped();
                }

                if (!Volatile.Read(ref outage))
                    return null;
                refused.Enqueue(request.Query);
                return ApiFault.ServiceUnavailable();
            },
        });
        var informer = InformerTests.PodInformer(cluster);
        var handler = new RecordingHandler<V1Pod>();
        informer.AddEventHandler(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = informer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => informer.HasSynced, deadline, "sync");

        await Eventually.TrueAsync(() => refused.Count >= 3, deadline, "refused requests during the outage");
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("during"), "default", cancellationToken: deadline);
        Volatile.Write(ref outage, false);

        await Eventually.TrueAsync(() => handler.Saw("add during"), deadline, "the pod created during the outage");
        Assert.False(run.IsCompleted);
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }
}
