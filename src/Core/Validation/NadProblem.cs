namespace Multi.Core.Validation;

/// <summary>One problem of a NAD: the JSON path (<c>config.plugins[1].vlanId</c>) and the rule it breaks, quoting the value.</summary>
public sealed record NadProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
