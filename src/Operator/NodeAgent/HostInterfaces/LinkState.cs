namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// A managed link's state on a node: Ready (exists as desired), Pending (being created or changed, waiting for a
/// parent, or kept for attached pods), Degraded (cannot be made as desired: identity drift with pods, MTU over the
/// bound, a conflict between declarations), Clash (a foreign link holds its name or kernel key).
/// </summary>
internal enum LinkState
{
    Ready,
    Pending,
    Degraded,
    Clash,
}
