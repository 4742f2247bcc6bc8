using System.Text.Json.Serialization;

namespace Multi.Operator.Webhook.Review;

internal sealed record GroupVersionKind
{
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    public override string ToString() => $"{(string.IsNullOrEmpty(Group) ? "" : Group + "/")}{Version}, Kind={Kind}";
}
