using System.Text.Json.Serialization;
using k8s.Models;

namespace Multi.Operator.Entities;

/// <summary>
/// A <c>multi.dev/v1alpha1</c> NodeNetworkState (crds/multi.dev_nodenetworkstates.yaml): one per node, named after it,
/// written by that node's agent. It publishes the managed host links only, never the node's full host state.
/// </summary>
public sealed class NodeNetworkState() : KubeResource<NodeNetworkStateSpec>(GroupVersion, KindName, new()), IStatus<NodeNetworkStateStatus?>
{
    public const string Group = "multi.dev";
    public const string Version = "v1alpha1";
    public const string Plural = "nodenetworkstates";
    public const string KindName = "NodeNetworkState";
    public const string GroupVersion = Group + "/" + Version;

    [JsonPropertyName("status")]
    public NodeNetworkStateStatus? Status { get; set; }
}
