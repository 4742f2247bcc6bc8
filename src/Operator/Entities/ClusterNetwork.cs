using System.Text.Json.Serialization;
using k8s.Models;
using Multi.Core.Networks;

namespace Multi.Operator.Entities;

/// <summary>A <c>multi.dev/v1alpha1</c> ClusterNetwork (crds/multi.dev_clusternetworks.yaml): a declared network, rendered as NADs.</summary>
public sealed class ClusterNetwork() : KubeResource<ClusterNetworkSpec>(GroupVersion, KindName, new()), IStatus<ClusterNetworkStatus?>
{
    public const string Group = "multi.dev";
    public const string Version = "v1alpha1";
    public const string Plural = "clusternetworks";
    public const string KindName = "ClusterNetwork";
    public const string GroupVersion = Group + "/" + Version;

    [JsonPropertyName("status")]
    public ClusterNetworkStatus? Status { get; set; }
}
