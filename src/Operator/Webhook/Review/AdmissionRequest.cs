using System.Text.Json;
using System.Text.Json.Serialization;

namespace Multi.Operator.Webhook.Review;

/// <summary>The part of an AdmissionReview request the webhook reads; the objects stay raw until a handler decodes them.</summary>
internal sealed class AdmissionRequest
{
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("kind")]
    public GroupVersionKind? Kind { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary><c>CREATE</c>, <c>UPDATE</c>, <c>DELETE</c> or <c>CONNECT</c>.</summary>
    [JsonPropertyName("operation")]
    public string? Operation { get; set; }

    [JsonPropertyName("object")]
    public JsonElement? Object { get; set; }

    [JsonPropertyName("oldObject")]
    public JsonElement? OldObject { get; set; }

    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; set; }
}
