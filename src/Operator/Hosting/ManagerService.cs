using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Multi.Core.Networks;
using Multi.Operator.Controllers;
using Multi.Operator.Controllers.Reclaim;
using Multi.Operator.Webhook;
using Multi.Runtime;

namespace Multi.Operator.Hosting;

/// <summary>
/// Manager mode: the controller manager with the ClusterNetwork and NAD-validation controllers, leader-elected, and (when
/// enabled) the admission webhook on every replica, reading the same caches. A lost Lease ends the process with a
/// failure, as controller-runtime does, so the Deployment restarts it as a follower.
/// </summary>
internal sealed partial class ManagerService(
    IOptions<OperatorOptions> options, TimeProvider time, ILoggerFactory loggers, IHostApplicationLifetime lifetime, ILogger<ManagerService> logger) : BackgroundService
{
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
        var o = options.Value;
        using var client = o.Kubeconfig is { Length: > 0 } path
            ? KubeconfigFile.Client(path)
            : (k8s.Kubernetes)KubeClientFactory.FromEnvironment();
        var managerOptions = new ManagerOptions
        {
            Name = "multi-manager",
            LeaderElection = o.LeaderElection,
            LeaseNamespace = o.LeaseNamespace,
            LeaseName = o.LeaseName,
            Identity = o.Identity is { Length: > 0 } identity ? identity : Environment.MachineName + "_" + Environment.ProcessId,
            ProbeAddress = string.IsNullOrEmpty(o.ProbeAddress) ? null : o.ProbeAddress,
        };
        await using var manager = new ControllerManager(managerOptions, client, time, loggers);
        var stores = ManagerControllers.Register(manager, client, o.Workers, new NadRenderOptions { IpamKubeconfig = o.IpamKubeconfig, IpamDaemonSocket = o.IpamDaemonSocket },
            new ReclaimOptions { Grace = o.ReclaimGrace, AuditInterval = o.AuditInterval }, time, loggers);
        await using var webhook = o.Webhook.Enabled
            ? await WebhookHost.StartAsync(o.Webhook, stores, () => manager.HasSynced, client, manager.Metrics, time, loggers, stoppingToken).ConfigureAwait(false)
            : null;
        try
        {
            await manager.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (LeadershipLostException ex)
        {
            LeadershipLost(ex.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(111, LogLevel.Critical, "the manager cannot run: {Reason}")]
    private partial void Failed(string reason, Exception exception);

    [LoggerMessage(110, LogLevel.Error, "leadership lost, stopping so that the process restarts as a follower: {Reason}")]
    private partial void LeadershipLost(string reason);
}
