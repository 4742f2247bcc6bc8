namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>An action and the actions that undo it, computed from the observed state before the plan runs.</summary>
internal sealed record PlanStep(LinkAction Action, IReadOnlyList<LinkAction> Inverse);
