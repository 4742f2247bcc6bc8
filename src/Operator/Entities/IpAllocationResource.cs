using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;

namespace Multi.Operator.Entities;

/// <summary>A <c>multi.dev/v1alpha1</c> IPAllocation (crds/multi.dev_ipallocations.yaml): one claimed address. The operator only reads claims.</summary>
public sealed class IpAllocationResource : IKubernetesObject<V1ObjectMeta>, ISpec<IpAllocationSpec>
{
    public const string Group = "multi.dev";
    public const string Version = "v1alpha1";
    public const string Plural = "ipallocations";
    public const string KindName = "IPAllocation";

    /// <summary>The label naming the claim's pool; the plugin sets it on create and selects a pool's claims with it.</summary>
    public const string PoolLabel = "multi.dev/pool";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Group + "/" + Version;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public IpAllocationSpec Spec { get; set; } = new("", "", new IpAllocationOwner("", "", "", "", "", ""));
}
