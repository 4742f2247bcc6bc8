using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;

namespace Multi.Operator.Entities;

/// <summary>A <c>multi.dev/v1alpha1</c> IPPool (crds/multi.dev_ippools.yaml). Its status belongs to the pool status controller.</summary>
public sealed class IpPoolResource : IKubernetesObject<V1ObjectMeta>, ISpec<IpPoolSpec>, IStatus<IpPoolStatus?>
{
    public const string Group = "multi.dev";
    public const string Version = "v1alpha1";
    public const string Plural = "ippools";
    public const string KindName = "IPPool";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Group + "/" + Version;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public IpPoolSpec Spec { get; set; } = new() { Cidr = "" };

    /// <summary>Written by the pool status controller through the status subresource only.</summary>
    [JsonPropertyName("status")]
    public IpPoolStatus? Status { get; set; }
}
