using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Multi.Cni.Ipam;
using Multi.Core.Cni;
using Multi.Core.Ipam;
using Multi.Operator.Hosting;
using Multi.Operator.NodeAgent.CniServer.Reservations;
using Multi.Operator.NodeAgent.HostLinks;
using Multi.Runtime;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// Agent mode, <c>Operator:Daemon:Enabled</c>: serves /healthz, /readyz and /metrics, starts the node's Kubernetes access
/// (its informers synced) and only then serves CNI requests on the socket, until the host stops. A daemon that cannot start
/// ends the process with a failure: the shims meanwhile run their requests themselves.
/// </summary>
internal sealed partial class CniDaemonService(
    IOptions<DaemonOptions> daemonOptions,
    IOptions<OperatorOptions> operatorOptions,
    INodeApiAccess access,
    DaemonMetrics metrics,
    TimeProvider clock,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime,
    HostInterfaceReadiness? hostInterfaces = null) : BackgroundService
{
    private static readonly TimeSpan ReturnTimeout = TimeSpan.FromSeconds(10);
    private readonly ILogger logger = loggers.CreateLogger<CniDaemonService>();
    private volatile CniSocketServer? server;

    /// <summary>Null when ready: the access synced, the host-interface informers synced (when that reconcile runs) and the socket served.</summary>
    public string? NotReady => access.NotReady ?? hostInterfaces?.NotReady ?? (server is { Serving: true } ? null : "socket not served yet");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var probe = await StartProbeAsync(stoppingToken).ConfigureAwait(false);
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Failed(ex.Message, ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var options = daemonOptions.Value;
        WaitingForAccess();
        await access.StartAsync(stoppingToken).ConfigureAwait(false);
        var node = operatorOptions.Value.NodeName ?? Environment.MachineName;
        var reservations = Reservations(options.Reservations, node);
        using var stopReserving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var reserving = reservations?.RunAsync(stopReserving.Token) ?? Task.CompletedTask;
        try
        {
            var runner = new CniRequestRunner(access, node, metrics, clock, Random.Shared, reservations);
            SettleHeap();
            await using var socketServer = new CniSocketServer(options, new CniRequestGate(options, metrics, clock), runner, metrics, clock, loggers.CreateLogger<CniSocketServer>());
            socketServer.Start();
            server = socketServer;
            await socketServer.ServeAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // After the in-flight requests: the stock goes back to the pools (bounded; what remains is adopted by the next start).
            await stopReserving.CancelAsync().ConfigureAwait(false);
            await reserving.ConfigureAwait(false);
            if (reservations is not null)
            {
                using var bound = new CancellationTokenSource(ReturnTimeout, clock);
                await reservations.ReturnAllAsync(bound.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Once, after the informers' initial lists and before the first request: their parsing garbage is collected and the
    /// freed heap given back to the system (an aggressive, compacting collection), so that the daemon at rest holds what it
    /// keeps and not what it read on the way (node-daemon.md, section 7: resident memory at rest). A few milliseconds,
    /// before the socket is served.
    /// </summary>
    private static void SettleHeap() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>The node's reservations when configured and the node name can label its claims; null otherwise.</summary>
    private NodeReservations? Reservations(NodeReservationOptions options, string node)
    {
        if (!options.Active)
        {
            return null;
        }

        if (!KubeNames.IsLabelValue(node) || node.Length == 0)
        {
            ReservationsOff(node);
            return null;
        }

        var store = new IpamStore(access.Factory.Create("", CniCommand.Add));
        return new NodeReservations(options, store, node, clock, Random.Shared, new ReservationMetrics(metrics.Registry), loggers.CreateLogger<NodeReservations>());
    }

    private async Task<ProbeServer?> StartProbeAsync(CancellationToken cancellationToken)
    {
        var address = operatorOptions.Value.ProbeAddress;
        return string.IsNullOrEmpty(address)
            ? null
            : await ProbeServer.StartAsync(address, () => null, () => NotReady, metrics.Registry, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(520, LogLevel.Critical, "the CNI daemon cannot run: {Reason}")]
    private partial void Failed(string reason, Exception exception);

    [LoggerMessage(522, LogLevel.Warning, "CNI daemon: node reservations are off: the node name \"{Node}\" is not a valid label value")]
    private partial void ReservationsOff(string node);

    [LoggerMessage(521, LogLevel.Information, "CNI daemon: waiting for the node's Kubernetes access to sync before serving the socket")]
    private partial void WaitingForAccess();
}
