using k8s;
using Multi.Core.Nad;
using Multi.Operator.Entities;
using Multi.Operator.Kube;

namespace Multi.Operator.Webhook;

/// <summary>
/// NADs from the manager's informer cache; a miss is confirmed with one GET, because a NAD applied together with its pod
/// (one <c>kubectl apply</c>) may reach the API server milliseconds before its watch event reaches the cache. Only
/// misses (pods that name a NAD the cache lacks) cost a request.
/// </summary>
internal sealed class CachedNadSource(WebhookCaches caches, IKubernetes client, TimeSpan lookupTimeout) : INadSource
{
    public async ValueTask<NetworkAttachmentDefinition?> FindAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        if (caches.Nad(@namespace, name) is { } cached)
        {
            return cached;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(lookupTimeout);
        try
        {
            var raw = await client.CustomObjects.GetNamespacedCustomObjectAsync(
                NadResource.Group, NadResource.Version, @namespace, NadResource.Plural, name, timeout.Token).ConfigureAwait(false);
            return WebhookCaches.ToCore(KubernetesJson.Deserialize<NadResource>(KubernetesJson.Serialize(raw)));
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
            return null;
        }
    }
}
