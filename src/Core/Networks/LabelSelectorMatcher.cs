namespace Multi.Core.Networks;

/// <summary>
/// Kubernetes label-selector semantics: every matchLabels pair and every expression must hold; an empty selector matches
/// everything. An unknown operator matches nothing (Kubernetes refuses such a selector; the validator rejects it).
/// </summary>
public static class LabelSelectorMatcher
{
    public static bool Matches(LabelSelectorSpec selector, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return (selector.MatchExpressions ?? []).All(e => e is not null && Holds(e, labels));
    }

    private static bool Holds(LabelSelectorRequirementSpec term, IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(term.Key ?? "", out var value);
        var values = term.Values ?? [];
        return term.Operator switch
        {
            LabelSelectorRequirementSpec.In => present && values.Contains(value),
            LabelSelectorRequirementSpec.NotIn => !present || !values.Contains(value),
            LabelSelectorRequirementSpec.Exists => present,
            LabelSelectorRequirementSpec.DoesNotExist => !present,
            _ => false,
        };
    }
}
