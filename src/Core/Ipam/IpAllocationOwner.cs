namespace Multi.Core.Ipam;

/// <summary>
/// Who holds a claimed address: the attachment (container ID + interface) of a pod (namespace, name, UID) on a node.
/// Release decisions match on pod UID + container ID + interface, never on the pod's name alone.
/// </summary>
public sealed record IpAllocationOwner(string PodNamespace, string PodName, string PodUid, string ContainerId, string Interface, string Node);
