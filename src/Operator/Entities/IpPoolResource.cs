using System.Text.Json.Serialization;
using k8s.Models;
using Multi.Core.Ipam;

namespace Multi.Operator.Entities;

/// <summary>A <c>multi.dev/v1alpha1</c> IPPool (crds/multi.dev_ippools.yaml). Its status belongs to the pool status controller.</summary>
public sealed class IpPoolResource() : KubeResource<IpPoolSpec>(Group + "/" + Version, KindName, new() { Cidr = "" }), IStatus<IpPoolStatus?>
{
    public const string Group = "multi.dev";
    public const string Version = "v1alpha1";
    public const string Plural = "ippools";
    public const string KindName = "IPPool";

    /// <summary>Written by the pool status controller through the status subresource only.</summary>
    [JsonPropertyName("status")]
    public IpPoolStatus? Status { get; set; }
}
