using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;
using Multi.Runtime.Tests.Support;
using Multi.Testing;

namespace Multi.Runtime.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task RunAsync_CancelledDuringAReconcile_WaitsForItThenReturns()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new RecordingReconciler("m", async (_, _, _) =>
        {
            started.TrySetResult();
            await release.Task;
            return ReconcileResult.Done;
        });
        await using var manager = NewManager(cluster, reconciler, TimeSpan.FromSeconds(30), out var controller);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "slow" } }, "default", cancellationToken: deadline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = manager.RunAsync(stop.Token);
        await started.Task.WaitAsync(deadline);

        await stop.CancelAsync();
        await Task.Delay(300, deadline);
        Assert.False(run.IsCompleted);
        release.SetResult();

        await run.WaitAsync(deadline);
        Assert.Equal("Done", Assert.Single(reconciler.Records).Outcome);
        Assert.False(manager.IsLeader);
        Assert.True(controller.Queue.IsShuttingDown);
    }

    [Fact]
    public async Task RunAsync_ReconcileOutlivesTheGracePeriod_CancelsItsTokenAndReturns()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new RecordingReconciler("m", async (_, _, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return ReconcileResult.Done;
        });
        await using var manager = NewManager(cluster, reconciler, TimeSpan.FromMilliseconds(200), out _);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "stuck" } }, "default", cancellationToken: deadline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = manager.RunAsync(stop.Token);
        await started.Task.WaitAsync(deadline);

        await stop.CancelAsync();

        await run.WaitAsync(deadline);
        Assert.Equal("TaskCanceledException", Assert.Single(reconciler.Records).Outcome);
    }

    [Fact]
    public async Task RunAsync_BeforeEveryInformerSynced_StartsNoWorker()
    {
        var deadline = TestCluster.Deadline(20);
        var listsRefused = 0;
        var refuse = true;
        await using var cluster = await TestCluster.StartAsync(new Multi.Sandbox.ApiServer.EmbeddedApiServerOptions
        {
            Faults = request =>
            {
                if (!Volatile.Read(ref refuse) || !request.Path.EndsWith("/secrets", StringComparison.Ordinal))
                    return null;
                Interlocked.Increment(ref listsRefused);
                return Multi.Sandbox.ApiServer.ApiFault.ServiceUnavailable();
            },
        });
        var reconciler = new RecordingReconciler("m");
        await using var manager = NewManager(cluster, reconciler, TimeSpan.FromSeconds(5), out _);
        manager.AddInformer("secrets", ListWatchers.For<V1Secret>(cluster.Client, "", "v1", "secrets"));
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "early" } }, "default", cancellationToken: deadline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = manager.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => Volatile.Read(ref listsRefused) >= 2, deadline, "refused lists");
        Assert.False(manager.HasSynced);
        Assert.Empty(reconciler.Records);
        Volatile.Write(ref refuse, false);

        await Eventually.TrueAsync(() => reconciler.Records.Count == 1, deadline, "the reconcile after sync");
        Assert.True(manager.HasSynced);
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    private static ControllerManager NewManager(TestCluster cluster, IReconciler reconciler, TimeSpan grace, out ControllerBuilder controller)
    {
        var manager = new ControllerManager(new ManagerOptions { GracefulShutdownTimeout = grace }, cluster.Client, TimeProvider.System, NullLoggerFactory.Instance);
        var configMaps = manager.AddInformer("configmaps", ListWatchers.For<V1ConfigMap>(cluster.Client, "", "v1", "configmaps"));
        controller = manager.AddController("cm", reconciler, workers: 2).For(configMaps);
        return manager;
    }
}
