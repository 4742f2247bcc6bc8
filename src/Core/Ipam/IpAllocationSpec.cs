namespace Multi.Core.Ipam;

/// <summary>
/// The spec of a <c>multi.dev/v1alpha1</c> IPAllocation (crds/multi.dev_ipallocations.yaml): one claimed address. The object is
/// named <see cref="IpAllocationName.Format"/>(pool, address) and labelled <c>multi.dev/pool=&lt;pool&gt;</c>
/// (<see cref="IpAllocationJson.PoolLabel"/>). <paramref name="Kind"/> is one of <see cref="IpAllocationKinds"/>; absent
/// (null) means dynamic, see <see cref="IpAllocationKinds.Normalize"/>.
/// </summary>
public sealed record IpAllocationSpec(string Pool, string Address, IpAllocationOwner Owner, string? Kind = null);
