using System.Net;

namespace Multi.Core.Ipam;

/// <summary>
/// An IPAllocation as read from the API: name, UID (for delete preconditions), pool, address, owner, creation time and kind
/// (<see cref="IpAllocationKinds"/>, normalised: a claim without one is dynamic). <paramref name="Bound"/> is when a node-reserved
/// claim was bound to its owner (the <see cref="IpAllocationJson.BoundAtAnnotation"/>), null for a claim created for its owner;
/// <paramref name="ResourceVersion"/> is known for a claim read from the API (the precondition of a bind), null otherwise.
/// </summary>
public sealed record IpAllocationClaim(
    string Name,
    string Uid,
    string Pool,
    IPAddress Address,
    IpAllocationOwner Owner,
    DateTimeOffset? Created,
    string Kind = IpAllocationKinds.Dynamic,
    DateTimeOffset? Bound = null,
    string? ResourceVersion = null)
{
    /// <summary>
    /// Since when the claim has held its owner: the later of creation and binding. Grace periods (GC, reclaim) count from here,
    /// so a reserved claim bound a moment ago is as young as a claim created a moment ago.
    /// </summary>
    public DateTimeOffset? Since => Bound is { } bound && (Created is not { } created || bound > created) ? bound : Created;

    /// <summary>Attachments are identified by container ID + interface, never by the pod's name.</summary>
    public bool IsOwnedBy(string containerId, string ifName) =>
        string.Equals(Owner.ContainerId, containerId, StringComparison.Ordinal) && string.Equals(Owner.Interface, ifName, StringComparison.Ordinal);

    public string OwnerText => $"{Owner.PodNamespace}/{Owner.PodName} (container {Owner.ContainerId}, interface {Owner.Interface}, node {Owner.Node})";
}
