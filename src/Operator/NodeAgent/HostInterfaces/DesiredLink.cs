namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>One link the node must have and the networks (sorted, at least one) that require it: the derived reference count.</summary>
internal sealed record DesiredLink(HostLinkSpec Spec, IReadOnlyList<string> Networks);
