namespace Multi.Sandbox.ApiServer.Selectors;

/// <summary>One term of a label selector: <c>key=v</c>, <c>key!=v</c>, <c>key in (…)</c>, <c>key notin (…)</c>, <c>key</c>, <c>!key</c>.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            LabelOperator.In => present && Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.NotIn => !present || !Values.Contains(value!, StringComparer.Ordinal),
            _ => false,
        };
    }
}
