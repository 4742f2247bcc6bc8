namespace Multi.Operator.Controllers.Reclaim;

/// <summary>Whether a claim's holder is provably gone, the short reason (a metrics label) and one sentence saying why.</summary>
internal sealed record OwnerVerdict(bool Gone, string Reason, string Why);
