using k8s;
using Multi.Operator.Entities;

namespace Multi.Operator.Kube;

/// <summary>The pool status controller's only write: the status subresource of an IPPool, never its spec.</summary>
internal sealed class IpPoolWrites(IKubernetes client)
{
    public Task WriteStatusAsync(IpPoolResource pool, IpPoolStatus status, CancellationToken cancellationToken) =>
        StatusPatch.WriteClusterAsync(client, IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, pool.Metadata, status, cancellationToken);
}
