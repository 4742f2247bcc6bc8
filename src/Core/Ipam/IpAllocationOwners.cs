namespace Multi.Core.Ipam;

/// <summary>
/// The one rule, shared by the reclaimer and <c>multictl</c>, that says whether a claim's owner is gone
/// (docs/ipam.md, "The IPAllocation contract"): judged by the pod's UID (and phase), found under the owner's namespace and name,
/// never by the name alone. Pure: the caller reads the pod, freshly, and passes what it found.
/// </summary>
public static class IpAllocationOwners
{
    /// <summary>The owner's state given the pod found under its namespace and name, or null when there is none.</summary>
    public static IpAllocationOwnerState Judge(IpAllocationOwner owner, OwnerPod? pod)
    {
        if (owner.PodUid.Length == 0 || owner.PodNamespace.Length == 0 || owner.PodName.Length == 0)
        {
            return IpAllocationOwnerState.Unidentified;
        }

        return pod switch
        {
            null => IpAllocationOwnerState.Gone,
            _ when !pod.Answers(owner.PodUid) => IpAllocationOwnerState.Replaced,
            _ when pod.Phase is "Succeeded" or "Failed" => IpAllocationOwnerState.Terminal,
            _ => IpAllocationOwnerState.Live,
        };
    }

    /// <summary>True for the states in which the owner is provably gone and the claim may be released.</summary>
    public static bool IsReclaimable(IpAllocationOwnerState state) =>
        state is IpAllocationOwnerState.Gone or IpAllocationOwnerState.Replaced or IpAllocationOwnerState.Terminal;

    /// <summary>A short reason for logs, events and metrics labels: <c>pod-deleted</c>, <c>pod-replaced</c>, <c>pod-terminal</c>, ….</summary>
    public static string Reason(IpAllocationOwnerState state) => state switch
    {
        IpAllocationOwnerState.Gone => "pod-deleted",
        IpAllocationOwnerState.Replaced => "pod-replaced",
        IpAllocationOwnerState.Terminal => "pod-terminal",
        IpAllocationOwnerState.Unidentified => "owner-unidentified",
        _ => "pod-live",
    };

    /// <summary>One sentence naming the owner and what became of it.</summary>
    public static string Describe(IpAllocationOwnerState state, IpAllocationOwner owner, OwnerPod? pod)
    {
        var who = $"owner pod {owner.PodNamespace}/{owner.PodName}";
        return state switch
        {
            IpAllocationOwnerState.Gone => $"{who} (UID {owner.PodUid}) is gone",
            IpAllocationOwnerState.Replaced => $"{who} was re-created with another UID ({pod?.Uid}; the claim has {owner.PodUid})",
            IpAllocationOwnerState.Terminal => $"{who} has finished ({pod?.Phase})",
            IpAllocationOwnerState.Unidentified =>
                $"owner cannot be identified: the claim lacks a pod UID, namespace or name (pod \"{owner.PodNamespace}/{owner.PodName}\", UID \"{owner.PodUid}\")",
            _ => $"{who} is live",
        };
    }
}

/// <summary>
/// What the caller found under a claim owner's namespace and name: the pod's UID and phase, and for a mirror pod the UID
/// the kubelet gave the static pod it mirrors (its <see cref="MirrorAnnotation"/>): the runtime, and so the claim, knows a
/// static pod by that UID, never by the mirror's.
/// </summary>
public sealed record OwnerPod(string Uid, string? Phase, string? StaticPodUid = null)
{
    /// <summary>The annotation the kubelet puts on a mirror pod; its value is the static pod's UID (its config hash).</summary>
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    /// <summary>True when a claim made for <paramref name="podUid"/> belongs to this pod.</summary>
    public bool Answers(string podUid) =>
        string.Equals(Uid, podUid, StringComparison.Ordinal) || (StaticPodUid is { Length: > 0 } && string.Equals(StaticPodUid, podUid, StringComparison.Ordinal));
}
