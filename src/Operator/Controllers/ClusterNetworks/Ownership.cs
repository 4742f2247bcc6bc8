using k8s.Models;
using Multi.Operator.Kube;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>
/// How the operator marks what it renders. A NAD lives in another namespace than its cluster-scoped ClusterNetwork, so
/// no owner reference is possible (host-interfaces.md §1): a label names the network (it is what the informer indexes)
/// and an annotation carries the network's UID, so a NAD left by a deleted network of the same name is recognised
/// as stale and re-rendered, never trusted. A NAD without the label was written by someone else and is never touched.
/// </summary>
internal static class Ownership
{
    public const string NetworkLabel = "multi.dev/cluster-network";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "multi-operator";
    public const string OwnerUidAnnotation = "multi.dev/owner-uid";

    /// <summary>Held by every ClusterNetwork until its NADs are gone and no pod is attached to them.</summary>
    public const string Finalizer = "multi.dev/attachments";

    /// <summary>The informer index of NADs by the network named in their label.</summary>
    public const string NetworkIndex = "clusterNetwork";

    public static bool IsRenderedBy(V1ObjectMeta nad, string networkName) =>
        nad.Label(NetworkLabel) == networkName;

    public static string? OwnerUid(V1ObjectMeta nad) => nad.Annotation(OwnerUidAnnotation);

    public static bool HasFinalizer(V1ObjectMeta meta) => meta.Finalizers?.Contains(Finalizer) == true;
}
