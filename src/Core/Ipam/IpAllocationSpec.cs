namespace Multi.Core.Ipam;

/// <summary>
/// The spec of a <c>multi.dev/v1alpha1</c> IPAllocation (crds/multi.dev_ipallocations.yaml): one claimed address. The object is
/// named <see cref="IpAllocationName.Format"/>(pool, address) and labelled <c>multi.dev/pool=&lt;pool&gt;</c>.
/// </summary>
public sealed record IpAllocationSpec(string Pool, string Address, IpAllocationOwner Owner);
