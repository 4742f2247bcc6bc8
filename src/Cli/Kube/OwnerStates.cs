using k8s.Models;
using Multi.Core.Ipam;

namespace Multi.Cli.Kube;

/// <summary>Classifies a claim's owner against the pod found under its namespace and name.</summary>
internal static class OwnerStates
{
    public static OwnerState Of(IpAllocationOwner owner, V1Pod? pod) => pod switch
    {
        null => OwnerState.Gone,
        _ when pod.Metadata?.Uid != owner.PodUid => OwnerState.OtherUid,
        _ when pod.Status?.Phase is "Succeeded" or "Failed" => OwnerState.Terminal,
        _ => OwnerState.Live,
    };

    public static string Describe(OwnerState state, IpAllocationOwner owner, V1Pod? pod) => state switch
    {
        OwnerState.Gone => $"owner pod {owner.PodNamespace}/{owner.PodName} is gone",
        OwnerState.OtherUid => $"owner pod {owner.PodNamespace}/{owner.PodName} has another UID ({pod?.Metadata?.Uid}, claim has {owner.PodUid})",
        OwnerState.Terminal => $"owner pod {owner.PodNamespace}/{owner.PodName} is terminal ({pod?.Status?.Phase})",
        _ => $"owner pod {owner.PodNamespace}/{owner.PodName} is live",
    };
}
