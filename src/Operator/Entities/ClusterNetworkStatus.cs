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

    /// <summary>For a hostInterface network: "3/3", nodes whose agent reports every link of the network Ready, of the nodes it selects.</summary>
    [JsonPropertyName("nodesReady")]
    public string? NodesReady { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition> Conditions { get; set; } = [];
}
