using System.Text.Json.Serialization;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>The list metadata an audit reads: the token of the next page, if any.</summary>
internal sealed class ClaimPageMetadata
{
    [JsonPropertyName("continue")]
    public string? Continue { get; set; }
}
