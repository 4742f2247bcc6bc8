using System.Text.Json.Serialization;

namespace Multi.Core.Networks;

/// <summary>A Kubernetes <c>metav1.LabelSelector</c>; empty selects everything (<see cref="LabelSelectorMatcher"/>).</summary>
public sealed record LabelSelectorSpec
{
    [JsonPropertyName("matchLabels")]
    public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }

    [JsonPropertyName("matchExpressions")]
    public IReadOnlyList<LabelSelectorRequirementSpec>? MatchExpressions { get; init; }
}
