using k8s;
using k8s.Models;

namespace Multi.Runtime.Informers;

/// <summary>Lists and watches one resource (client-go's ListerWatcher).</summary>
public interface IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ListResult<T>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes after <paramref name="resourceVersion"/>, with bookmarks; ends when the server closes the watch.
    /// Throws <see cref="ResourceExpiredException"/> when the server answers 410 (as a status or as an ERROR event).
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);
}
