using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>
/// The informer caches the reclaimer consults before it reads anything fresh: pods (trimmed to identity, node and phase),
/// nodes (names only: node-reserved claims go with their node), claims (indexed by owner pod UID and by node) and pools
/// (to report releases on). Read-only.
/// </summary>
internal sealed record ReclaimCaches(IReadOnlyStore<V1Pod> Pods, IReadOnlyStore<V1Node> Nodes, IReadOnlyStore<IpAllocationResource> Claims, IReadOnlyStore<IpPoolResource> Pools)
{
    /// <summary>The claims index: the owner's pod UID.</summary>
    public const string PodUidIndex = "owner-pod-uid";

    /// <summary>The claims index: the owner's node.</summary>
    public const string NodeIndex = "owner-node";

    /// <summary>The owner pod as the cache has it (by namespace and name), or null.</summary>
    public OwnerPod? CachedPod(string podNamespace, string podName) =>
        podNamespace.Length == 0 || podName.Length == 0 ? null : Pods.Get(new(podNamespace, podName)) is { } pod ? AsOwner(pod) : null;

    /// <summary>What the owner judgement reads of a pod: UID, phase, and the static pod's UID when it is a mirror pod.</summary>
    public static OwnerPod AsOwner(V1Pod pod) =>
        new(pod.Metadata?.Uid ?? "", pod.Status?.Phase, pod.Metadata?.Annotations?.TryGetValue(OwnerPod.MirrorAnnotation, out var staticUid) == true ? staticUid : null);

    /// <summary>A node reduced to its identity: reclaim only asks whether it exists.</summary>
    public static object TrimNode(object obj) => obj is V1Node node
        ? new V1Node { ApiVersion = node.ApiVersion, Kind = node.Kind, Metadata = new V1ObjectMeta { Name = node.Metadata?.Name, Uid = node.Metadata?.Uid, ResourceVersion = node.Metadata?.ResourceVersion, Labels = node.Metadata?.Labels } }
        : obj;

    /// <summary>
    /// A pod reduced to what reclaim reads: namespace, name, UID, resource version, deletion time, the mirror annotation,
    /// node and phase. Every
    /// cluster pod is cached, so this is what keeps the manager's memory near the size of the pod list's names.
    /// </summary>
    public static object TrimPod(object obj) => obj is V1Pod pod
        ? new V1Pod
        {
            ApiVersion = pod.ApiVersion,
            Kind = pod.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = pod.Metadata?.Name,
                NamespaceProperty = pod.Metadata?.NamespaceProperty,
                Uid = pod.Metadata?.Uid,
                ResourceVersion = pod.Metadata?.ResourceVersion,
                DeletionTimestamp = pod.Metadata?.DeletionTimestamp,
                Annotations = pod.Metadata?.Annotations?.TryGetValue(OwnerPod.MirrorAnnotation, out var staticUid) == true
                    ? new Dictionary<string, string> { [OwnerPod.MirrorAnnotation] = staticUid }
                    : null,
            },
            Spec = new V1PodSpec { NodeName = pod.Spec?.NodeName },
            Status = new V1PodStatus { Phase = pod.Status?.Phase },
        }
        : obj;
}
