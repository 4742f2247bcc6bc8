using System.Text.Json.Serialization;

namespace Multi.Operator.Entities;

public sealed class NadSpec
{
    /// <summary>The CNI configuration as JSON text; absent means a file of that name on the node.</summary>
    [JsonPropertyName("config")]
    public string? Config { get; set; }
}
