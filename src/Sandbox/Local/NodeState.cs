namespace Multi.Sandbox.Local;

/// <summary>
/// One link the node agent manages on a node, as <c>status</c> shows it: from the node's <c>NodeNetworkState</c> when the
/// agent wrote one (<see cref="Source"/> <c>NodeNetworkState</c>, its state and message), else as <c>ip -d link</c> shows a
/// VXLAN or VLAN link in the node's namespace (state = the operational state).
/// </summary>
internal sealed record NodeLink(string Name, string Kind, string State, string Detail, string Source);

/// <summary>
/// A sandbox node as <c>status</c> finds it: its daemon's health, the NodeNetworkState summary (null without one) and the
/// managed links, or why they could not be read.
/// </summary>
internal sealed record NodeState(string Name, string Namespace, DaemonHealth Daemon, string? Summary, IReadOnlyList<NodeLink> Links, string? Problem);
