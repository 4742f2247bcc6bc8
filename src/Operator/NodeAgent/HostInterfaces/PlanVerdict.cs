namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>What the agent does with a plan: apply its steps; wait for a netlink link event (a parent is missing); or nothing.</summary>
internal enum PlanVerdict
{
    Settled,
    Apply,
    WaitForLinkEvent,
}
