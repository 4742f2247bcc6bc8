using k8s;
using Microsoft.Extensions.Logging;
using Multi.Operator.Controllers;
using Multi.Operator.Controllers.ClusterNetworks;
using Prometheus;

namespace Multi.Operator.Webhook;

/// <summary>Builds the webhook from the manager's caches and client and starts it (manager mode, every replica: followers' caches are warm too).</summary>
internal static class WebhookHost
{
    /// <summary>A NAD the cache lacks is looked up with a GET bounded by this.</summary>
    public static readonly TimeSpan NadLookupTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The pod LISTs that tell whether a network's link has pods attached (only on an identity change or a deletion).</summary>
    public static readonly TimeSpan AttachedPodsTimeout = TimeSpan.FromSeconds(4);

    public static Task<WebhookServer> StartAsync(
        WebhookOptions options, ManagerStores stores, Func<bool> synced, IKubernetes client, CollectorRegistry registry, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var caches = new WebhookCaches(stores.Nads, stores.Pools, stores.Networks, stores.NodeStates, synced);
        var nads = new CachedNadSource(caches, client, NadLookupTimeout);
        var pods = new PodAdmission(PodNetworkRules.From(options), nads);
        var networks = new ClusterNetworkAdmission(caches, new AttachedPods(client), AttachedPodsTimeout, options.DeniesVlanClash);
        var dispatcher = new AdmissionDispatcher(caches, networks, pods, new PodResourceMutation(pods, nads), options.DeniesVlanClash);
        var endpoints = new WebhookEndpoints(dispatcher, caches, new WebhookMetrics(registry), time, loggers.CreateLogger<WebhookEndpoints>());
        var certificate = ServingCertificate.Load(options.CertDir, options.CertCheckInterval, time, loggers.CreateLogger<ServingCertificate>());
        return WebhookServer.StartAsync(options, endpoints, certificate, loggers, cancellationToken);
    }
}
