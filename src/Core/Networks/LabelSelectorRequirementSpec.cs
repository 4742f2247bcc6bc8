using System.Text.Json.Serialization;

namespace Multi.Core.Networks;

/// <summary>One <c>matchExpressions</c> term: In and NotIn need values, Exists and DoesNotExist take none.</summary>
public sealed record LabelSelectorRequirementSpec
{
    [JsonPropertyName("key")]
    public string Key { get; init => field = value ?? ""; } = "";

    /// <summary>In, NotIn, Exists or DoesNotExist (case-sensitive, as in Kubernetes).</summary>
    [JsonPropertyName("operator")]
    public string Operator { get; init => field = value ?? ""; } = "";

    [JsonPropertyName("values")]
    public IReadOnlyList<string>? Values { get; init; }

    public const string In = "In";
    public const string NotIn = "NotIn";
    public const string Exists = "Exists";
    public const string DoesNotExist = "DoesNotExist";
}
