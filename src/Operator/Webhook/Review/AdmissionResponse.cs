using System.Text.Json.Serialization;

namespace Multi.Operator.Webhook.Review;

/// <summary>The webhook's answer: <see cref="Uid"/> echoes the request's; a denial carries a status with the reason.</summary>
internal sealed class AdmissionResponse
{
    public const string JsonPatchType = "JSONPatch";

    [JsonPropertyName("uid")]
    public string Uid { get; set; } = "";

    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    [JsonPropertyName("status")]
    public AdmissionStatus? Status { get; set; }

    /// <summary>A JSON Patch (RFC 6902), base64-encoded, for a mutating webhook.</summary>
    [JsonPropertyName("patch")]
    public string? Patch { get; set; }

    [JsonPropertyName("patchType")]
    public string? PatchType { get; set; }

    /// <summary>Shown by kubectl as <c>Warning: …</c>; the request is still admitted (or denied) as <see cref="Allowed"/> says.</summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; set; }
}
