using System.Net;
using Multi.Core.Ipam;

namespace Multi.Cli.Kube;

/// <summary>An IPAllocation as read from the API, with the metadata a release needs as preconditions.</summary>
internal sealed record ClaimEntry(string Name, string Uid, string ResourceVersion, DateTime? Created, string? PoolLabel, IpAllocationSpec Spec)
{
    public IPAddress? Address => IPAddress.TryParse(Spec.Address, out var address) ? address : null;

    /// <summary>The claim's kind; a claim written without one is dynamic.</summary>
    public string Kind => IpAllocationKinds.Normalize(Spec.Kind);

    /// <summary>The attachment the claim serves: pod UID, container ID and interface.</summary>
    public string AttachmentKey => $"{Spec.Owner.PodUid}/{Spec.Owner.ContainerId}/{Spec.Owner.Interface}";
}
