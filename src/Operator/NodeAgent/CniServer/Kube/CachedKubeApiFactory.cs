using Microsoft.Extensions.Logging;
using Multi.Cni.Kube;
using Multi.Core.Cni;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// The daemon's <see cref="IKubeApiFactory"/>: the kubeconfig path of the request is ignored (the daemon has its own
/// credentials); each request gets a <see cref="CachedKubeApi"/> over a view of the one long-lived HTTP client, with the thin
/// path's retry budgets (DEL shorter) and its own request count.
/// </summary>
internal sealed class CachedKubeApiFactory(NodeCaches caches, KubeApiClient http, EventSender events, NodeApiMetrics metrics, ILogger logger) : IKubeApiFactory
{
    /// <summary>As the thin path's DEL: it must never hold up sandbox removal.</summary>
    public static readonly KubeRetryPolicy DeletePolicy = new()
    {
        MaxAttempts = 3,
        AttemptTimeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(5),
    };

    public IKubeApi Create(string kubeconfigPath, CniCommand command) =>
        new CachedKubeApi(caches, http.Share(command == CniCommand.Del ? DeletePolicy : KubeRetryPolicy.Default, Sent), events, metrics, logger);

    private void Sent(HttpMethod method) => metrics.ApiRequests.WithLabels(method.Method).Inc();
}
