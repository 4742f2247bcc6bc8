using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;
using Multi.Runtime.Tests.Support;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Runtime.Tests;

/// <summary>
/// Leader election over real HTTP on the real clock, with short timings (lease 2 s, renew deadline 1 s, retry 200 ms):
/// the lease's times travel through the API server, so a fake clock would have to be shared with the server.
/// </summary>
public sealed class LeaderElectionTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task RunAsync_TwoManagersOneLease_OnlyTheLeaderReconcilesAndTheOtherTakesOverOnRelease()
    {
        var deadline = TestCluster.Deadline(30);
        await using var cluster = await TestCluster.StartAsync();
        var (first, firstReconciler) = NewManager(cluster, "first");
        var (second, secondReconciler) = NewManager(cluster, "second");
        await using (first)
        await using (second)
        {
            using var stopFirst = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            using var stopSecond = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            var runFirst = first.RunAsync(stopFirst.Token);
            await Eventually.TrueAsync(() => first.IsLeader, deadline, "the first leader");
            var runSecond = second.RunAsync(stopSecond.Token);
            await Eventually.TrueAsync(() => second.HasSynced, deadline, "the second manager's sync");

            for (var i = 0; i < 10; i++)
                await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "cm" + i } }, "default", cancellationToken: deadline);
            await Eventually.TrueAsync(() => firstReconciler.Records.Select(r => r.Key).Distinct().Count() == 10, deadline, "the leader's reconciles");
            await Task.Delay(Retry * 3, deadline);
            Assert.False(second.IsLeader);
            Assert.Empty(secondReconciler.Records);
            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("test-lease", "kube-system", cancellationToken: deadline);
            Assert.Equal("first", lease.Spec.HolderIdentity);

            await stopFirst.CancelAsync();
            await runFirst.WaitAsync(deadline);
            var stopped = DateTimeOffset.UtcNow;
            await Eventually.TrueAsync(() => second.IsLeader, deadline, "the second leader");
            Assert.True(DateTimeOffset.UtcNow - stopped < TimeSpan.FromSeconds(1.5), "the second took over before the lease expired");

            // The second manager resyncs nothing by itself: poke every key and see only it reconcile.
            for (var i = 0; i < 10; i++)
                await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"x\":\"1\"}}", V1Patch.PatchType.MergePatch), "cm" + i, "default", cancellationToken: deadline);
            await Eventually.TrueAsync(() => secondReconciler.Records.Select(r => r.Key).Distinct().Count() == 10, deadline, "the new leader's reconciles");
            var lastOfFirst = firstReconciler.Records.Max(r => r.End);
            Assert.All(secondReconciler.Records, r => Assert.True(r.Start >= lastOfFirst, $"{r.Key} reconciled by both at once"));
            lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("test-lease", "kube-system", cancellationToken: deadline);
            Assert.Equal("second", lease.Spec.HolderIdentity);
            Assert.Equal(1, lease.Spec.LeaseTransitions);

            await stopSecond.CancelAsync();
            await runSecond.WaitAsync(deadline);
        }
    }

    [Fact]
    public async Task RunAsync_LeaderCannotRenew_StopsItsWorkersAndThrowsLeadershipLost()
    {
        var deadline = TestCluster.Deadline(20);
        var failLeases = false;
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = request => Volatile.Read(ref failLeases) && request.Path.Contains("/leases", StringComparison.Ordinal) ? ApiFault.ServiceUnavailable() : null,
        });
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new RecordingReconciler("leader", async (_, _, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return ReconcileResult.Done;
        });
        var (manager, _) = NewManager(cluster, "leader", reconciler);
        await using (manager)
        {
            var run = manager.RunAsync(deadline);
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "busy" } }, "default", cancellationToken: deadline);
            await started.Task.WaitAsync(deadline);

            Volatile.Write(ref failLeases, true);
            var failedAt = DateTimeOffset.UtcNow;

            await Assert.ThrowsAsync<LeadershipLostException>(() => run.WaitAsync(deadline));
            Assert.True(DateTimeOffset.UtcNow - failedAt < TimeSpan.FromSeconds(3), "lost within the renew deadline and a retry period");
            Assert.False(manager.IsLeader);
            Assert.Equal("TaskCanceledException", Assert.Single(reconciler.Records).Outcome);
        }
    }

    private static (ControllerManager Manager, RecordingReconciler Reconciler) NewManager(TestCluster cluster, string identity, RecordingReconciler? reconciler = null)
    {
        reconciler ??= new RecordingReconciler(identity);
        var manager = new ControllerManager(
            new ManagerOptions
            {
                Name = identity,
                Identity = identity,
                LeaderElection = true,
                LeaseName = "test-lease",
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromSeconds(1),
                RetryPeriod = Retry,
                GracefulShutdownTimeout = TimeSpan.FromSeconds(5),
            },
            cluster.Client,
            TimeProvider.System,
            NullLoggerFactory.Instance);
        var configMaps = manager.AddInformer("configmaps", ListWatchers.For<V1ConfigMap>(cluster.Client, "", "v1", "configmaps"));
        manager.AddController("cm", reconciler).For(configMaps);
        return (manager, reconciler);
    }
}
