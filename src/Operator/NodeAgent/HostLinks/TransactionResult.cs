using Multi.Operator.NodeAgent.HostInterfaces;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// How a plan's transaction ended: <see cref="Applied"/> steps ran; on failure, <see cref="Failed"/> is the step that the
/// kernel refused and <see cref="Error"/> why (for a create refused as "exists"/"busy" with no holder in sight, the clash
/// <see cref="CreateFailure"/> names), <see cref="RolledBack"/> the inverses that ran and <see cref="RollbackErrors"/> those
/// that failed too (the state may then be half-changed; the next pass plans from what it finds).
/// </summary>
internal sealed record TransactionResult(int Applied)
{
    public LinkAction? Failed { get; init; }

    public string? Error { get; init; }

    public LinkState? FailureState { get; init; }

    public IReadOnlyList<LinkAction> RolledBack { get; init; } = [];

    public IReadOnlyList<string> RollbackErrors { get; init; } = [];

    public bool Succeeded => Failed is null;
}
