using System.Text.Json.Serialization;

namespace Multi.Operator.Webhook.Review;

/// <summary>
/// An <c>admission.k8s.io/v1</c> AdmissionReview, as the API server sends it (with <see cref="Request"/>) and as the
/// webhook answers (with <see cref="Response"/>, the request left out). KubernetesClient has no model for it.
/// </summary>
internal sealed class AdmissionReview
{
    public const string GroupVersion = "admission.k8s.io/v1";
    public const string KindName = "AdmissionReview";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; set; }

    public static AdmissionReview Answer(AdmissionResponse response) => new() { ApiVersion = GroupVersion, Kind = KindName, Response = response };
}
