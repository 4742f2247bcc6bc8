using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;
using Multi.Operator.NodeAgent.CniServer;
using Multi.Operator.NodeAgent.Netlink;
using Multi.Runtime;
using Multi.Runtime.Queue;
using Multi.Runtime.Reconcile;
using Prometheus;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// Agent mode, <c>Operator:HostInterfaces:Enabled</c>: runs the host-interface controller (<see cref="HostLinkControllers"/>)
/// on a controller manager of its own (no leader election: one agent per node) in the process's network namespace or the
/// configured one, and turns every netlink link event into a pass. Serves /healthz, /readyz and /metrics itself unless the
/// CNI daemon does (then its readiness joins the daemon's through <see cref="HostInterfaceReadiness"/>). A failure to
/// start ends the process with a failure.
/// </summary>
internal sealed partial class HostInterfaceService(
    IOptions<OperatorOptions> operatorOptions,
    IOptions<HostInterfaceOptions> options,
    IOptions<DaemonOptions> daemonOptions,
    HostInterfaceReadiness readiness,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger logger = loggers.CreateLogger<HostInterfaceService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
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
        var o = operatorOptions.Value;
        var hostOptions = options.Value;
        var node = o.NodeName!;
        using var client = o.Kubeconfig is { Length: > 0 } path ? KubeconfigFile.Client(path) : (k8s.Kubernetes)KubeClientFactory.FromEnvironment();
        var daemonServesProbes = daemonOptions.Value.Enabled;
        var managerOptions = new ManagerOptions
        {
            Name = "multi-agent",
            LeaderElection = false,
            ProbeAddress = daemonServesProbes || string.IsNullOrEmpty(o.ProbeAddress) ? null : o.ProbeAddress,
        };
        await using var manager = new ControllerManager(managerOptions, client, time, loggers);
        var netns = hostOptions.ResolvedNetnsPath;
        using var socket = netns is null ? RtNetlinkSocket.Open() : RtNetlinkSocket.OpenIn(netns);
        using var subscription = netns is null ? LinkEventSubscription.Open() : LinkEventSubscription.OpenIn(netns);
        var registry = daemonServesProbes ? services.GetService<CollectorRegistry>() ?? manager.Metrics : manager.Metrics;
        var controller = HostLinkControllers.Register(manager, client, node, new HostLinkKernel(socket), hostOptions.ResyncPeriod, registry, time, loggers);
        readiness.Track(() => manager.HasSynced ? null : "host-interface informers not synced");
        Started(node, netns ?? "the agent's own network namespace", hostOptions.ResyncPeriod);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var events = ForwardLinkEventsAsync(subscription.Events, controller.Queue, new ObjectKey(null, node), stop.Token);
        try
        {
            await manager.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await events.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Every link event (and a lost-events marker, which asks for a full pass) enqueues the node's key; nothing more.</summary>
    private async Task ForwardLinkEventsAsync(ChannelReader<LinkEvent> reader, WorkQueue<ObjectKey> queue, ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var linkEvent in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (linkEvent is LinkEventsLost lost)
                {
                    EventsLost(lost.Reason);
                }

                queue.Add(key);
            }

            EventsEnded("the subscription ended");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EventsEnded(ex.Message);
        }
    }

    [LoggerMessage(610, LogLevel.Information, "host interfaces on {Node}: reconciling in {Namespace}, resync every {Resync}")]
    private partial void Started(string node, string @namespace, TimeSpan resync);

    [LoggerMessage(611, LogLevel.Warning, "host interfaces: netlink link events lost ({Reason}); a full pass follows")]
    private partial void EventsLost(string reason);

    [LoggerMessage(612, LogLevel.Error, "host interfaces: the netlink link event stream ended ({Reason}); only informer events and the resync trigger passes now")]
    private partial void EventsEnded(string reason);

    [LoggerMessage(613, LogLevel.Critical, "the host-interface reconcile cannot run: {Reason}")]
    private partial void Failed(string reason, Exception exception);
}
