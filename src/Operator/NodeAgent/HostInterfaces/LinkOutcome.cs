namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// The planner's verdict on one managed link (desired, withheld, or ours and no longer desired): its state and why, the
/// networks that need it, how many pods on the node are attached through it with the first few of them (at most
/// <see cref="HostLinkPlanner.PodSample"/>, sorted), and the link as observed (null when absent).
/// </summary>
internal sealed record LinkOutcome(string Name, LinkKind Kind, LinkState State, string Message)
{
    public IReadOnlyList<string> Networks { get; init; } = [];

    public int AttachedPods { get; init; }

    public IReadOnlyList<string> PodSample { get; init; } = [];

    public ObservedLink? Observed { get; init; }

    /// <summary>Waiting for a link that does not exist (a parent or a bridge port): a netlink event, not a retry, moves it on.</summary>
    public bool WaitsForLink { get; init; }
}
