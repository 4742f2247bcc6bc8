namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// The host links one node must have (sorted by name) and the problems that withheld others. <see cref="Declared"/> maps
/// every link name any declared network would produce (selected on this node or not) to those networks, so that an
/// unselected network's attached pods still keep its old link; <see cref="Withheld"/> are names in conflict, which the
/// planner leaves as they are.
/// </summary>
internal sealed record NodeDesiredState(
    IReadOnlyList<DesiredLink> Links,
    IReadOnlyList<NetworkProblem> Problems,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Declared,
    IReadOnlySet<string> Withheld)
{
    public static NodeDesiredState Empty { get; } = new([], [], new Dictionary<string, IReadOnlyList<string>>(), new HashSet<string>());
}
