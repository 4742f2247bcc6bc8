namespace Multi.Core.Cni;

/// <summary>The CNI error object: exactly what is printed on stdout when a verb fails.</summary>
public sealed record CniError(uint Code, string Msg, string? Details = null)
{
    public CniError WithPrefix(string prefix) => this with { Msg = $"{prefix}: {Msg}" };

    public override string ToString() => Details is null ? $"[{Code}] {Msg}" : $"[{Code}] {Msg} ({Details})";
}
