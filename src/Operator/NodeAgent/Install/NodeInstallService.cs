using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;
using Multi.Operator.NodeAgent.CniServer;
using Multi.Runtime;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Agent mode, <c>Operator:Install:Enabled</c>: every <see cref="InstallOptions.RescanInterval"/> the binaries (until
/// installed once), the thin credentials and <c>00-multi.conflist</c> are brought up to date and the decision reported
/// on the node; on stop, the configuration is removed only when the DaemonSet is being deleted.
/// </summary>
internal sealed partial class NodeInstallService(
    IOptions<InstallOptions> install, IOptions<OperatorOptions> operatorOptions, IOptions<DaemonOptions> daemon, TimeProvider time, ILogger<NodeInstallService> logger) : BackgroundService
{
    private static readonly TimeSpan UninstallBound = TimeSpan.FromSeconds(10);

    private bool binariesInstalled;

    private InstallReport? last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = install.Value;
        var client = Client();
        var server = options.ApiServer is { Length: > 0 } url ? url : ThinKubeconfig.ServerFromEnvironment(
            Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"), Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));
        var reporter = client is null ? null : new NodeConfigReporter(client, operatorOptions.Value.NodeName!);
        var config = new CniConfigInstaller(options, daemon.Value.Enabled ? daemon.Value.SocketPath : null);
        using var timer = new PeriodicTimer(options.RescanInterval, time);
        try
        {
            do
            {
                await ScanAsync(options, server, config, reporter, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await UninstallIfDeletedAsync(client, config, options).ConfigureAwait(false);
    }

    private async Task ScanAsync(InstallOptions options, string? server, CniConfigInstaller config, NodeConfigReporter? reporter, CancellationToken cancellationToken)
    {
        Step("binaries", () =>
        {
            if (!binariesInstalled)
            {
                var written = new BinaryInstaller(options).Install();
                BinariesInstalled(options.CniBinDir, written.Count == 0 ? "none (up to date)" : string.Join(", ", written));
                binariesInstalled = true;
            }
        });
        Step("credentials", () =>
        {
            if (server is null)
            {
                throw new InvalidOperationException("no API server: set Operator:Install:ApiServer or run in a pod (KUBERNETES_SERVICE_HOST/PORT)");
            }

            var (token, kubeconfig) = new ThinCredentials(options, server).Refresh();
            if (token || kubeconfig)
            {
                CredentialsWritten(options.KubeconfigPath, options.TokenPath, token, kubeconfig);
            }
        });
        InstallReport? report = null;
        Step("cni-config", () => report = config.ScanOnce());
        if (report is null)
        {
            return;
        }

        if (report.Changed || report != last && !SameDecision(report, last))
        {
            Decided(report.State, report.Primary ?? "-", report.Reason, report.Changed,
                string.Join("; ", report.Skipped.Select(s => $"{s.File}: {s.Reason}")));
        }

        last = report;
        if (reporter is not null)
        {
            try
            {
                await reporter.ReportAsync(report, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                StepFailed("node-report", ex.Message, ex);
            }
        }
    }

    private static bool SameDecision(InstallReport a, InstallReport? b) => b is not null && a.ToAnnotation() == b.ToAnnotation();

    private void Step(string name, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            StepFailed(name, ex.Message, ex is InvalidOperationException ? null : ex); // a configuration problem needs its message, not a stack trace
        }
    }

    private async Task UninstallIfDeletedAsync(IKubernetes? client, CniConfigInstaller config, InstallOptions options)
    {
        if (client is null)
        {
            UninstallSkipped("no API client: the configuration is kept");
            return;
        }

        using var bound = new CancellationTokenSource(UninstallBound, time);
        try
        {
            var verdict = await new UninstallJudge(client, options).JudgeAsync(bound.Token).ConfigureAwait(false);
            if (!verdict.Uninstall)
            {
                UninstallSkipped(verdict.Reason);
                return;
            }

            Uninstalled(options.ConfigPath, config.Remove(), verdict.Reason);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            UninstallSkipped($"the DaemonSet could not be read ({ex.Message}): the configuration is kept");
        }
    }

    private IKubernetes? Client()
    {
        try
        {
            return operatorOptions.Value.Kubeconfig is { Length: > 0 } path ? KubeconfigFile.Client(path) : KubeClientFactory.FromEnvironment();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or k8s.Exceptions.KubeConfigException)
        {
            StepFailed("api-client", ex.Message, ex);
            return null;
        }
    }

    [LoggerMessage(400, LogLevel.Information, "multi binaries in {BinDir}: written {Written}")]
    private partial void BinariesInstalled(string binDir, string written);

    [LoggerMessage(401, LogLevel.Information, "thin-path credentials: kubeconfig {Kubeconfig}, token {Token} (token copied {TokenChanged}, kubeconfig written {KubeconfigChanged})")]
    private partial void CredentialsWritten(string kubeconfig, string token, bool tokenChanged, bool kubeconfigChanged);

    [LoggerMessage(402, LogLevel.Information, "CNI configuration: {State}, primary {Primary}: {Reason} (00-multi.conflist changed: {Changed}; skipped: {Skipped})")]
    private partial void Decided(CniConfigState state, string primary, string reason, bool changed, string skipped);

    [LoggerMessage(403, LogLevel.Warning, "node installation step {Step} failed: {Reason}")]
    private partial void StepFailed(string step, string reason, Exception? exception);

    [LoggerMessage(404, LogLevel.Information, "uninstall: removed {ConfigFile} ({Removed}) because {Reason}")]
    private partial void Uninstalled(string configFile, bool removed, string reason);

    [LoggerMessage(405, LogLevel.Information, "stopping without uninstalling: {Reason}")]
    private partial void UninstallSkipped(string reason);
}
