using System.Text.Json.Serialization;
using k8s.Models;

namespace Multi.Operator.Entities;

/// <summary>What the ClusterNetwork controller observed; derived, rewritten whole, written only when it changes.</summary>
public sealed class ClusterNetworkStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>The link the rendered NADs name (master, bridge or device); empty for SR-IOV.</summary>
    [JsonPropertyName("interface")]
    public string? Interface { get; set; }

    /// <summary>Rendered NADs in place and in step with the spec.</summary>
    [JsonPropertyName("nadCount")]
    public int NadCount { get; set; }

    /// <summary>Namespaces the network is offered in (that exist and are not terminating).</summary>
    [JsonPropertyName("targetNamespaces")]
    public int TargetNamespaces { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition> Conditions { get; set; } = [];
}
