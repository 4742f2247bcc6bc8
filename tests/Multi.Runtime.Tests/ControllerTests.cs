using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;
using Multi.Runtime.Tests.Support;
using Multi.Testing;
using Prometheus;
using ObjectKey = Multi.Runtime.Reconcile.ObjectKey;

namespace Multi.Runtime.Tests;

public sealed class ControllerTests
{
    [Fact]
    public async Task Reconcile_OneKeyThrows_OthersAreReconciledAndItIsRetriedWithBackoff()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        var reconciler = new RecordingReconciler("m", (key, attempt, _) =>
            key.Name == "bad" && attempt <= 3 ? throw new InvalidOperationException("boom") : Task.FromResult(ReconcileResult.Done));
        await using var manager = new ControllerManager(new ManagerOptions(), cluster.Client, TimeProvider.System, NullLoggerFactory.Instance);
        var configMaps = manager.AddInformer("configmaps", ListWatchers.For<V1ConfigMap>(cluster.Client, "", "v1", "configmaps"));
        var controller = manager.AddController("cm", reconciler).For(configMaps);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = manager.RunAsync(stop.Token);

        foreach (var name in new[] { "bad", "good1", "good2" })
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = name } }, "default", cancellationToken: deadline);

        await Eventually.TrueAsync(() => reconciler.Attempts(new ObjectKey("default", "bad")) == 4, deadline, "four attempts");
        await Eventually.TrueAsync(() => controller.Queue.Length == 0 && reconciler.Records.Count == 6, deadline, "an empty queue");
        Assert.Equal(1, reconciler.Count("good1"));
        Assert.Equal(1, reconciler.Count("good2"));
        var bad = reconciler.Records.Where(r => r.Key.Name == "bad").ToList();
        Assert.Equal(["InvalidOperationException", "InvalidOperationException", "InvalidOperationException", "Done"], bad.Select(r => r.Outcome));
        Assert.Equal(0, controller.Queue.NumRequeues(new ObjectKey("default", "bad")));
        var metrics = await ExportAsync(manager.Metrics);
        Assert.Contains("controller_runtime_reconcile_errors_total{controller=\"cm\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("controller_runtime_reconcile_total{controller=\"cm\",result=\"success\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("controller_runtime_active_workers{controller=\"cm\"} 0", metrics, StringComparison.Ordinal);
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    [Fact]
    public async Task Reconcile_RequeueAfter_IsReconciledAgainWhenTimeAdvances()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var reconciler = new RecordingReconciler("m", (_, attempt, _) =>
            Task.FromResult(attempt == 1 ? ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(5)) : ReconcileResult.Done));
        await using var manager = new ControllerManager(new ManagerOptions(), cluster.Client, time, NullLoggerFactory.Instance);
        var configMaps = manager.AddInformer("configmaps", ListWatchers.For<V1ConfigMap>(cluster.Client, "", "v1", "configmaps"));
        var controller = manager.AddController("cm", reconciler, workers: 1).For(configMaps);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "wait" } }, "default", cancellationToken: deadline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = manager.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => reconciler.Records.Count == 1, deadline, "the first reconcile");
        // The reconciler records its attempt before it returns RequeueAfter: the delayed add exists only once the controller
        // has handled that result, and time advanced before then would not count towards its five minutes.
        await Eventually.TrueAsync(() => controller.Queue.Waiting == 1, deadline, "the requeue scheduled");
        time.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(100, deadline);
        Assert.Single(reconciler.Records);
        time.Advance(TimeSpan.FromMinutes(1));

        await Eventually.TrueAsync(() => reconciler.Records.Count == 2, deadline, "the requeued reconcile");
        Assert.Equal(["RequeueAfter(00:05:00)", "Done"], reconciler.Records.Select(r => r.Outcome));
        await Eventually.TrueAsync(() => controller.Queue.Length == 0, deadline, "an empty queue");
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    [Fact]
    public async Task WatchesAndOwns_RelatedObjects_EnqueueTheMappedKeys()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        var owners = new RecordingReconciler("owners");
        var nodes = new RecordingReconciler("nodes");
        await using var manager = new ControllerManager(new ManagerOptions(), cluster.Client, TimeProvider.System, NullLoggerFactory.Instance);
        var pods = manager.AddInformer("pods", ListWatchers.For<V1Pod>(cluster.Client, "", "v1", "pods"));
        var secrets = manager.AddInformer("secrets", ListWatchers.For<V1Secret>(cluster.Client, "", "v1", "secrets"));
        manager.AddController("owners", owners)
            .Owns(pods, "v1", "ConfigMap")
            .Watches(secrets, secret => secret.Metadata.Labels?.TryGetValue("for", out var target) == true ? [new ObjectKey(secret.Namespace(), target)] : []);
        manager.AddController("nodes", nodes).Owns(pods, "v1", "Node", clusterScopedOwner: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = manager.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => manager.IsLeader, deadline, "workers");

        var pod = TestCluster.Pod("owned");
        pod.Metadata.OwnerReferences =
        [
            new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "cm-owner", Uid = "u1", Controller = true },
            new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "not-controller", Uid = "u2" },
            new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = "node-1", Uid = "u3", Controller = true },
        ];
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, "apps", cancellationToken: deadline);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new() { Name = "s", Labels = new Dictionary<string, string> { ["for"] = "from-secret" } } }, "apps", cancellationToken: deadline);

        await Eventually.TrueAsync(() => owners.Records.Count >= 2 && nodes.Records.Count >= 1, deadline, "mapped reconciles");
        Assert.Equal([new ObjectKey("apps", "cm-owner"), new ObjectKey("apps", "from-secret")], owners.Records.Select(r => r.Key).Distinct().OrderBy(k => k.Name, StringComparer.Ordinal));
        Assert.Equal([new ObjectKey(null, "node-1")], nodes.Records.Select(r => r.Key).Distinct());
        Assert.Equal("node-1", new ObjectKey(null, "node-1").ToString());
        Assert.Equal("apps/cm-owner", new ObjectKey("apps", "cm-owner").ToString());
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    internal static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }
}
