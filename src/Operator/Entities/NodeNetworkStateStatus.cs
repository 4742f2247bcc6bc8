using System.Text.Json.Serialization;
using k8s.Models;

namespace Multi.Operator.Entities;

/// <summary>
/// What a node's agent observed of its managed host links; rebuilt whole on every pass, sorted, and written only when it
/// changes. Bounded: per link a pod count, never pod lists; messages and the last error are truncated.
/// </summary>
public sealed class NodeNetworkStateStatus
{
    /// <summary>"2/3": links Ready of the links listed.</summary>
    [JsonPropertyName("summary")]
    public string Summary { get; set; } = "0/0";

    /// <summary>Networks selecting this node whose every link is Ready here (sorted): what ClusterNetwork status counts.</summary>
    [JsonPropertyName("readyNetworks")]
    public IList<string> ReadyNetworks { get; set; } = [];

    /// <summary>The managed links, sorted by name; at most a bounded number, those not Ready first (the summary counts all).</summary>
    [JsonPropertyName("links")]
    public IList<ManagedLinkStatus> Links { get; set; } = [];

    /// <summary>Declarations whose links are withheld on this node, as "network: reason" (sorted, bounded).</summary>
    [JsonPropertyName("problems")]
    public IList<string> Problems { get; set; } = [];

    /// <summary>Parents the agent brought up (it brings each down again once no managed link needs it), sorted.</summary>
    [JsonPropertyName("raisedParents")]
    public IList<string> RaisedParents { get; set; } = [];

    /// <summary>The last failed step or problem, at most 1 KiB.</summary>
    [JsonPropertyName("lastError")]
    public string? LastError { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition> Conditions { get; set; } = [];
}
