using Multi.Core.Ipam;

namespace Multi.Operator.Entities;

/// <summary>A <c>multi.dev/v1alpha1</c> IPAllocation (crds/multi.dev_ipallocations.yaml): one claimed address. The operator only reads claims.</summary>
public sealed class IpAllocationResource() : KubeResource<IpAllocationSpec>(Group + "/" + Version, KindName, new("", "", new IpAllocationOwner("", "", "", "", "", "")))
{
    public const string Group = "multi.dev";
    public const string Version = "v1alpha1";
    public const string Plural = "ipallocations";
    public const string KindName = "IPAllocation";

    /// <summary>The label naming the claim's pool; the plugin sets it on create and selects a pool's claims with it.</summary>
    public const string PoolLabel = IpAllocationJson.PoolLabel;
}
