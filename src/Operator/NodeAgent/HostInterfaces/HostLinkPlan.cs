namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// An ordered transaction of link actions (host-interfaces.md, sections 5 and 6): parents up, creates, in-place changes,
/// re-creations, bridge memberships, links up, and last the removal of links nothing needs any more. Each step carries
/// its inverse; when step <c>k</c> fails, <see cref="Rollback"/>(k) undoes the completed ones in reverse order.
/// </summary>
internal sealed record HostLinkPlan(IReadOnlyList<PlanStep> Steps, IReadOnlyList<LinkOutcome> Links, IReadOnlyList<NetworkProblem> Problems)
{
    /// <summary>The parents the agent brought up and that managed links still need, sorted: the node's record for the next pass.</summary>
    public IReadOnlyList<string> RaisedParents { get; init; } = [];

    public IReadOnlyList<LinkAction> Actions => [.. Steps.Select(s => s.Action)];

    /// <summary>One report per link that is not Ready, for events: Clash, Degraded, and Pending with its reason.</summary>
    public IReadOnlyList<LinkAction.Report> Reports => [.. Links.Where(l => l.State != LinkState.Ready).Select(l => new LinkAction.Report(l.Name, l.State, l.Message))];

    public PlanVerdict Verdict => Steps.Count > 0 ? PlanVerdict.Apply : Links.Any(l => l.WaitsForLink) ? PlanVerdict.WaitForLinkEvent : PlanVerdict.Settled;

    /// <summary>The actions that restore the observed state after the first <paramref name="completedSteps"/> steps ran and the next failed.</summary>
    public IReadOnlyList<LinkAction> Rollback(int completedSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(completedSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(completedSteps, Steps.Count);
        return [.. Steps.Take(completedSteps).Reverse().SelectMany(s => s.Inverse)];
    }
}
