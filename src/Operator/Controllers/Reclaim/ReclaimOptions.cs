namespace Multi.Operator.Controllers.Reclaim;

/// <summary>How the reclaimer waits and how often it audits (docs/ipam.md, "Garbage collection").</summary>
internal sealed record ReclaimOptions
{
    /// <summary>A claim younger than this (since its creation, which is its binding) is never released.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often every pool's claims are listed afresh and checked against the pods.</summary>
    public TimeSpan AuditInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Claims per page of an audit's LIST.</summary>
    public int AuditPageSize { get; init; } = 500;
}
