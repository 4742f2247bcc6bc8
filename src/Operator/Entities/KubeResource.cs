using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Multi.Operator.Entities;

/// <summary>What every custom object the operator reads shares: its type, its metadata and its spec.</summary>
public abstract class KubeResource<TSpec>(string apiVersion, string kind, TSpec spec) : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = apiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = spec;
}
