using Multi.Core.Daemon;
using Multi.Operator.NodeAgent.CniServer;

namespace Multi.Operator.Tests.CniServer;

/// <summary>The gate alone: admission bounds, per-kind lanes, the container lock table, cancellation while waiting.</summary>
public sealed class CniRequestGateTests
{
    private readonly DaemonMetrics metrics = new(Prometheus.Metrics.NewCustomRegistry());

    [Fact]
    public async Task Enter_BeyondConcurrentPlusQueued_NotAdmitted()
    {
        var gate = Gate(maxConcurrent: 1, maxQueued: 1);
        using var running = await gate.EnterAsync(DaemonPlugin.Multi, "c1", TestContext.Current.CancellationToken);
        var queued = gate.EnterAsync(DaemonPlugin.Multi, "c2", TestContext.Current.CancellationToken);

        var refused = await gate.EnterAsync(DaemonPlugin.Multi, "c3", TestContext.Current.CancellationToken);

        Assert.NotNull(running);
        Assert.Null(refused);
        Assert.False(queued.IsCompleted);
        Assert.Equal(1, metrics.QueueDepth.WithLabels("multi").Value);
        running!.Dispose();
        using var second = await queued;
        Assert.Equal(1, metrics.Inflight.WithLabels("multi").Value);
    }

    [Fact]
    public async Task Enter_IpamWhileMultiHoldsTheContainer_RunsInItsOwnLane()
    {
        var gate = Gate(maxConcurrent: 1, maxQueued: 0);
        using var add = await gate.EnterAsync(DaemonPlugin.Multi, "c1", TestContext.Current.CancellationToken);

        using var ipam = await gate.EnterAsync(DaemonPlugin.MultiIpam, "c1", TestContext.Current.CancellationToken);

        Assert.NotNull(add);
        Assert.NotNull(ipam);
    }

    [Fact]
    public async Task Enter_SameContainer_WaitsForTheFirst_AndTheLockTableEmptiesAfterwards()
    {
        var gate = Gate(maxConcurrent: 4, maxQueued: 4);
        var first = await gate.EnterAsync(DaemonPlugin.Multi, "c1", TestContext.Current.CancellationToken);
        var second = gate.EnterAsync(DaemonPlugin.Multi, "c1", TestContext.Current.CancellationToken);
        using var other = await gate.EnterAsync(DaemonPlugin.Multi, "c2", TestContext.Current.CancellationToken);

        Assert.False(second.IsCompleted);
        Assert.Equal(2, gate.LockedContainers);
        first!.Dispose();
        (await second)!.Dispose();
        other!.Dispose();
        Assert.Equal(0, gate.LockedContainers);
        Assert.Equal(0, metrics.Inflight.WithLabels("multi").Value);
    }

    [Fact]
    public async Task Enter_CancelledWhileWaiting_ReleasesItsPlace()
    {
        var gate = Gate(maxConcurrent: 1, maxQueued: 1);
        var first = await gate.EnterAsync(DaemonPlugin.Multi, "c1", TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(DaemonPlugin.Multi, "c1", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, metrics.QueueDepth.WithLabels("multi").Value);
        first!.Dispose();
        using var again = await gate.EnterAsync(DaemonPlugin.Multi, "c1", TestContext.Current.CancellationToken);
        Assert.NotNull(again);
        Assert.Equal(1, gate.LockedContainers);
    }

    private CniRequestGate Gate(int maxConcurrent, int maxQueued) =>
        new(new DaemonOptions { MaxConcurrent = maxConcurrent, MaxQueued = maxQueued }, metrics, TimeProvider.System);
}
