using Multi.Core.Daemon;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// Admission for the daemon's requests (node-daemon.md, section 4, "Bounded concurrency"): per plugin kind, at most
/// <see cref="DaemonOptions.MaxConcurrent"/> run and up to <see cref="DaemonOptions.MaxQueued"/> wait; beyond that a request is
/// not admitted and the shim runs it itself. Requests of one kind for one container run one at a time. The kinds have separate
/// bounds and locks because a <c>multi</c> ADD waits on its delegates, whose <c>multi-ipam</c> calls come back through the daemon
/// with the same container id: sharing either would let them wait on each other.
/// </summary>
internal sealed class CniRequestGate
{
    private readonly Lane[] lanes;
    private readonly ContainerLocks containers = new();
    private readonly DaemonMetrics metrics;
    private readonly TimeProvider clock;

    public CniRequestGate(DaemonOptions options, DaemonMetrics metrics, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.metrics = metrics;
        this.clock = clock;
        lanes = [new Lane(DaemonPlugin.Multi, options), new Lane(DaemonPlugin.MultiIpam, options)];
    }

    /// <summary>Containers with a request running or waiting (the lock table's size).</summary>
    public int LockedContainers => containers.Count;

    /// <summary>
    /// Waits for the container's turn and a slot; null when the queue is full (not admitted). Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ends the wait. Dispose the ticket when done.
    /// </summary>
    public async Task<IDisposable?> EnterAsync(DaemonPlugin plugin, string? containerId, CancellationToken cancellationToken)
    {
        var lane = lanes[plugin == DaemonPlugin.MultiIpam ? 1 : 0];
        if (Interlocked.Increment(ref lane.Admitted) > lane.Capacity)
        {
            Interlocked.Decrement(ref lane.Admitted);
            return null;
        }

        var started = clock.GetTimestamp();
        var depth = metrics.QueueDepth.WithLabels(lane.Label);
        depth.Inc();
        IDisposable? container = null;
        try
        {
            if (!string.IsNullOrEmpty(containerId))
            {
                container = await containers.AcquireAsync(lane.Label + "/" + containerId, cancellationToken).ConfigureAwait(false);
            }

            await lane.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            container?.Dispose();
            depth.Dec();
            Interlocked.Decrement(ref lane.Admitted);
            throw;
        }

        depth.Dec();
        metrics.QueueWait.WithLabels(lane.Label).Observe(clock.GetElapsedTime(started).TotalSeconds);
        metrics.Inflight.WithLabels(lane.Label).Inc();
        return new Ticket(this, lane, container);
    }

    private void Leave(Lane lane, IDisposable? container)
    {
        metrics.Inflight.WithLabels(lane.Label).Dec();
        lane.Slots.Release();
        container?.Dispose();
        Interlocked.Decrement(ref lane.Admitted);
    }

    private sealed class Lane(DaemonPlugin plugin, DaemonOptions options)
    {
#pragma warning disable SA1401, CA1051 // a field, for Interlocked
        public int Admitted;
#pragma warning restore SA1401, CA1051

        public string Label { get; } = DaemonLabels.Plugin(plugin);

        public int Capacity { get; } = options.MaxConcurrent + options.MaxQueued;

        public SemaphoreSlim Slots { get; } = new(options.MaxConcurrent, options.MaxConcurrent);
    }

    private sealed class Ticket(CniRequestGate gate, Lane lane, IDisposable? container) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Leave(lane, container);
            }
        }
    }
}
