using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Multi.Core.Daemon;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// The daemon's Unix socket (node-daemon.md, section 3): one request per connection, each handled on its own task through the
/// gate and the runner. Stopping ends the accept loop first, lets in-flight requests finish for
/// <see cref="DaemonOptions.ShutdownTimeout"/>, cancels what is left, and removes the socket file.
/// </summary>
internal sealed partial class CniSocketServer : IAsyncDisposable
{
    private const int Backlog = 512;
    private static readonly TimeSpan CancelledGrace = TimeSpan.FromSeconds(5);

    private readonly DaemonOptions options;
    private readonly CniRequestGate gate;
    private readonly CniRequestRunner runner;
    private readonly DaemonMetrics metrics;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly CancellationTokenSource hardStop = new();
    private readonly HashSet<Task> inflight = [];
    private Socket? listener;

    public CniSocketServer(DaemonOptions options, CniRequestGate gate, CniRequestRunner runner, DaemonMetrics metrics, TimeProvider clock, ILogger<CniSocketServer> logger)
    {
        this.options = options;
        this.gate = gate;
        this.runner = runner;
        this.metrics = metrics;
        this.clock = clock;
        this.logger = logger;
    }

    /// <summary>True from a successful <see cref="Start"/> until the server stops.</summary>
    public bool Serving { get; private set; }

    /// <summary>Binds the socket; throws (naming the path) when the directory or the path is unusable.</summary>
    public void Start()
    {
        listener = DaemonSocketFile.Bind(options.SocketPath, Backlog, out var replaced);
        if (replaced)
        {
            StaleSocketReplaced(options.SocketPath);
        }

        Serving = true;
        Listening(options.SocketPath, options.MaxConcurrent, options.MaxQueued);
    }

    /// <summary>Accepts until <paramref name="stoppingToken"/> ends, then shuts down gracefully.</summary>
    public async Task ServeAsync(CancellationToken stoppingToken)
    {
        var socket = listener ?? throw new InvalidOperationException("Start the server before serving");
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await socket.AcceptAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (SocketException ex) when (!stoppingToken.IsCancellationRequested)
                {
                    AcceptFailed(ex.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(100), clock, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                Track(Task.Run(() => HandleAsync(connection), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        hardStop.Dispose();
    }

    private void Track(Task task)
    {
        lock (inflight)
        {
            inflight.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (inflight)
                {
                    inflight.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref listener, null) is not { } socket)
        {
            return;
        }

        Serving = false;
        socket.Dispose();
        Task[] running;
        lock (inflight)
        {
            running = [.. inflight];
        }

        Stopping(running.Length, options.ShutdownTimeout.TotalSeconds);
        if (!await FinishedAsync(running, options.ShutdownTimeout).ConfigureAwait(false))
        {
            ShutdownCancelled(running.Count(t => !t.IsCompleted));
            await hardStop.CancelAsync().ConfigureAwait(false);
            await FinishedAsync(running, CancelledGrace).ConfigureAwait(false);
        }

        DaemonSocketFile.Remove(options.SocketPath);
        Stopped(options.SocketPath);
    }

    private async Task<bool> FinishedAsync(Task[] running, TimeSpan bound)
    {
        try
        {
            await Task.WhenAll(running).WaitAsync(bound, clock).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [LoggerMessage(500, LogLevel.Information, "CNI daemon listening on {SocketPath} (at most {MaxConcurrent} requests per plugin at once, {MaxQueued} queued)")]
    private partial void Listening(string socketPath, int maxConcurrent, int maxQueued);

    [LoggerMessage(501, LogLevel.Information, "replaced a stale socket at {SocketPath} (left by a previous daemon)")]
    private partial void StaleSocketReplaced(string socketPath);

    [LoggerMessage(502, LogLevel.Error, "accepting a connection failed: {Reason}")]
    private partial void AcceptFailed(string reason);

    [LoggerMessage(503, LogLevel.Information, "CNI daemon stopping: no new connections; waiting up to {Seconds} s for {Inflight} in-flight requests")]
    private partial void Stopping(int inflight, double seconds);

    [LoggerMessage(504, LogLevel.Warning, "{Inflight} requests did not finish within the shutdown timeout and were cancelled")]
    private partial void ShutdownCancelled(int inflight);

    [LoggerMessage(505, LogLevel.Information, "CNI daemon stopped; socket {SocketPath} removed")]
    private partial void Stopped(string socketPath);
}
