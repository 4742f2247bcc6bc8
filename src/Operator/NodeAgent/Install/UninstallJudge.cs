using k8s;
using Multi.Operator.Kube;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Reads the agent's own DaemonSet when the agent stops: 404 or a deletion timestamp is an uninstall; anything else (it
/// exists: a rolling update, an eviction, a node drain) is an ordinary restart, during which the thin path keeps pods
/// working. Errors reading it are thrown: the caller keeps the configuration when in doubt.
/// </summary>
internal sealed class UninstallJudge(IKubernetes client, InstallOptions options)
{
    public async Task<UninstallVerdict> JudgeAsync(CancellationToken cancellationToken)
    {
        var where = $"{options.DaemonSetNamespace}/{options.DaemonSetName}";
        try
        {
            var daemonSet = await client.AppsV1.ReadNamespacedDaemonSetAsync(options.DaemonSetName, options.DaemonSetNamespace, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return daemonSet.Metadata.DeletionTimestamp is { } since
                ? new UninstallVerdict(true, $"DaemonSet {where} is being deleted (since {since:O})")
                : new UninstallVerdict(false, $"DaemonSet {where} exists: an ordinary restart");
        }
        catch (k8s.Autorest.HttpOperationException ex) when (KubeErrors.IsNotFound(ex))
        {
            return new UninstallVerdict(true, $"DaemonSet {where} is gone");
        }
    }
}
