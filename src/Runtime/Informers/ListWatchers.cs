using k8s;
using k8s.Models;

namespace Multi.Runtime.Informers;

public static class ListWatchers
{
    /// <summary>
    /// Lists and watches any resource by its API path pieces: group "" is the core group (<c>/api/v1/...</c>), any other
    /// <c>/apis/{group}/{version}/...</c>. Namespaced resources are listed and watched across all namespaces. The client
    /// must be a <see cref="Kubernetes"/> (the watch stream is read over its HttpClient with its credentials).
    /// </summary>
    public static IListWatcher<T> For<T>(IKubernetes client, string group, string version, string plural, string? labelSelector = null, string? fieldSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        if (client is not Kubernetes kubernetes)
            throw new ArgumentException($"ListWatchers.For needs a k8s.Kubernetes client, not {client.GetType().Name}", nameof(client));
        return new KubernetesListWatcher<T>(kubernetes, group, version, plural, labelSelector, fieldSelector);
    }
}
