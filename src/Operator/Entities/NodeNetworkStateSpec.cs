using System.Text.Json.Serialization;

namespace Multi.Operator.Entities;

/// <summary>The node the record describes (the object is also named after it).</summary>
public sealed class NodeNetworkStateSpec
{
    [JsonPropertyName("nodeName")]
    public string? NodeName { get; set; }
}
