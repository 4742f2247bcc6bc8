using System.Net;

namespace Multi.Core.Ipam;

/// <summary>
/// An IPAllocation as read from the API: name, UID (for delete preconditions), pool, address, owner, creation time and kind
/// (<see cref="IpAllocationKinds"/>, normalised: a claim without one is dynamic).
/// </summary>
public sealed record IpAllocationClaim(
    string Name, string Uid, string Pool, IPAddress Address, IpAllocationOwner Owner, DateTimeOffset? Created, string Kind = IpAllocationKinds.Dynamic)
{
    /// <summary>Attachments are identified by container ID + interface, never by the pod's name.</summary>
    public bool IsOwnedBy(string containerId, string ifName) =>
        string.Equals(Owner.ContainerId, containerId, StringComparison.Ordinal) && string.Equals(Owner.Interface, ifName, StringComparison.Ordinal);

    public string OwnerText => $"{Owner.PodNamespace}/{Owner.PodName} (container {Owner.ContainerId}, interface {Owner.Interface}, node {Owner.Node})";
}
