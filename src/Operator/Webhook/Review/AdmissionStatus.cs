using System.Text.Json.Serialization;

namespace Multi.Operator.Webhook.Review;

/// <summary>The <c>metav1.Status</c> of a denial: the API server returns it to the client with this code and message.</summary>
internal sealed class AdmissionStatus
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
