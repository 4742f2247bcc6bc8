using System.Net;
using Multi.Core.Ipam;

namespace Multi.MetaPlugin.Ipam;

/// <summary>An IPAllocation as read from the API: name, UID (for delete preconditions), pool, address and owner.</summary>
internal sealed record IpamClaim(string Name, string Uid, string Pool, IPAddress Address, IpAllocationOwner Owner, DateTimeOffset? Created)
{
    /// <summary>Attachments are identified by container ID + interface, never by the pod's name.</summary>
    public bool IsOwnedBy(string containerId, string ifName) =>
        string.Equals(Owner.ContainerId, containerId, StringComparison.Ordinal) && string.Equals(Owner.Interface, ifName, StringComparison.Ordinal);

    public string OwnerText => $"{Owner.PodNamespace}/{Owner.PodName} (container {Owner.ContainerId}, interface {Owner.Interface}, node {Owner.Node})";
}
