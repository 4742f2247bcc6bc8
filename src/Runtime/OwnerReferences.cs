using k8s;
using k8s.Models;
using Multi.Runtime.Reconcile;

namespace Multi.Runtime;

/// <summary>Maps an object to its controlling owner's key (controller-runtime's EnqueueRequestForOwner with OnlyControllerOwner).</summary>
internal static class OwnerReferences
{
    public static IEnumerable<ObjectKey> ControllerOwner<T>(T obj, string ownerApiVersion, string ownerKind, bool clusterScopedOwner)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var meta = obj.Metadata;
        if (meta?.OwnerReferences is not { } owners)
            yield break;
        foreach (var owner in owners)
        {
            // Like controller-runtime: the group and kind must match, the version need not.
            if (owner.Controller == true && owner.Kind == ownerKind && Group(owner.ApiVersion) == Group(ownerApiVersion))
                yield return new ObjectKey(clusterScopedOwner || string.IsNullOrEmpty(meta.NamespaceProperty) ? null : meta.NamespaceProperty, owner.Name);
        }
    }

    private static string Group(string? apiVersion) =>
        apiVersion is null ? "" : apiVersion.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? apiVersion[..slash] : "";
}
