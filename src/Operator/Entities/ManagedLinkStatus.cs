using System.Text.Json.Serialization;

namespace Multi.Operator.Entities;

/// <summary>One managed link on the node: its state, the networks using it, the pods attached and its key observed attributes.</summary>
public sealed class ManagedLinkStatus
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>vlan, vxlan or bridge.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    /// <summary>Ready, Pending, Degraded or Clash.</summary>
    [JsonPropertyName("state")]
    public string State { get; set; } = "";

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("networks")]
    public IList<string> Networks { get; set; } = [];

    [JsonPropertyName("attachedPods")]
    public int AttachedPods { get; set; }

    /// <summary>Observed; absent while the link does not exist.</summary>
    [JsonPropertyName("index")]
    public int? Index { get; set; }

    [JsonPropertyName("parent")]
    public string? Parent { get; set; }

    [JsonPropertyName("master")]
    public string? Master { get; set; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    /// <summary>Administrative state.</summary>
    [JsonPropertyName("up")]
    public bool? Up { get; set; }

    [JsonPropertyName("operState")]
    public string? OperState { get; set; }

    [JsonPropertyName("vlanId")]
    public int? VlanId { get; set; }

    [JsonPropertyName("vni")]
    public int? Vni { get; set; }

    [JsonPropertyName("port")]
    public int? Port { get; set; }
}
