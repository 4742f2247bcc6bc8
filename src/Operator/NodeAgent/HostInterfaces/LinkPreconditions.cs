namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>The preconditions of one desired link: its parent, the MTU to program, whether it replaces our old holder of its kernel key; or why it stops.</summary>
internal sealed record LinkPreconditions(ObservedLink? Parent, int? Mtu, bool Replacing, LinkOutcome? Stop);
