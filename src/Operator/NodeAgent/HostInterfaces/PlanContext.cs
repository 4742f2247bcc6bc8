using Multi.Core.Networks;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>The working state of one <see cref="HostLinkPlanner.Plan"/> call: indexed observations, attachments and the steps so far.</summary>
internal sealed class PlanContext(NodeDesiredState desired, IReadOnlyList<ObservedLink> observed, IReadOnlyList<PodAttachment> attachments)
{
    private readonly List<(PlanPhase Phase, int Rank, int Sequence, PlanStep Step)> steps = [];

    private readonly HashSet<string> bridges = [.. desired.Links.Where(l => l.Spec.Kind == LinkKind.Bridge).Select(l => l.Spec.Name)
        .Concat(observed.Where(o => o.Kind == LinkKind.Bridge).Select(o => o.Name))];

    public NodeDesiredState Desired { get; } = desired;

    public IReadOnlyDictionary<string, ObservedLink> ByName { get; } = observed
        .GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyList<ObservedLink> Observed { get; } = observed;

    /// <summary>Parents this plan brings up (once each).</summary>
    public HashSet<string> RaisedParents { get; } = new(StringComparer.Ordinal);

    /// <summary>Our links that a desired link with the same kernel key replaces (deleted before it is created).</summary>
    public HashSet<string> Replaced { get; } = new(StringComparer.Ordinal);

    /// <summary>Our links this plan deletes for good (no longer needed, or replaced).</summary>
    public HashSet<string> Removing { get; } = new(StringComparer.Ordinal);

    /// <summary>Desired bridges that will not be ours after this plan (a foreign link holds the name, or it is withheld).</summary>
    public HashSet<string> UnavailableBridges { get; } = new(StringComparer.Ordinal);

    public static bool Owned(ObservedLink link) => HostLinkMarker.TryParse(link.Alias, out _);

    public void Add(PlanPhase phase, LinkAction action, params LinkAction[] inverse) =>
        steps.Add((phase, Rank(phase, action), steps.Count, new PlanStep(action, inverse)));

    /// <summary>
    /// The steps in plan order. Deleting a bridge releases its ports, so its inverse also puts back the observed ports that
    /// still exist at that point (a port deleted earlier rejoins through its own inverse, which runs later in a rollback).
    /// </summary>
    public IReadOnlyList<PlanStep> Ordered()
    {
        var ordered = steps.OrderBy(s => s.Phase).ThenBy(s => s.Rank).ThenBy(s => s.Sequence).Select(s => s.Step).ToList();
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Action is not LinkAction.Delete { Name: var name })
            {
                continue;
            }

            var ports = Observed.Where(o => o.Master == name && !deleted.Contains(o.Name)).OrderBy(o => o.Name, StringComparer.Ordinal);
            ordered[i] = ordered[i] with { Inverse = [.. ordered[i].Inverse, .. ports.Select(p => new LinkAction.SetMaster(p.Name, name))] };
            deleted.Add(name);
        }

        return ordered;
    }

    /// <summary>Pods attached through the link: by one of its networks, by its name, or by the bridge it is a port of.</summary>
    public IReadOnlyList<string> PodsOf(string link, IReadOnlyList<string> networks, string? master) =>
        [.. attachments
            .Where(a => networks.Contains(a.Network, StringComparer.Ordinal) || a.Interface == link || (master is not null && a.Interface == master))
            .Select(a => a.Pod).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The link other than <paramref name="spec"/>'s own name that holds its kernel key (VLAN id on the parent, VNI and port).</summary>
    public ObservedLink? KernelKeyHolder(HostLinkSpec spec, ObservedLink? parent) => spec.Kind switch
    {
        LinkKind.Vlan => Observed.FirstOrDefault(o => o.Name != spec.Name && o.Kind == LinkKind.Vlan && o.Vlan == spec.Vlan && parent is not null && o.ParentIndex == parent.Index),
        LinkKind.Vxlan => Observed.FirstOrDefault(o => o.Name != spec.Name && o.Kind == LinkKind.Vxlan && o.Vxlan?.Vni == spec.Vxlan!.Vni && o.Vxlan.Port == spec.Vxlan.Port),
        _ => null,
    };

    /// <summary>Bridges are created before and removed after their ports, and brought up after them.</summary>
    private int Rank(PlanPhase phase, LinkAction action)
    {
        var bridge = bridges.Contains(action.Link);
        return phase == PlanPhase.Create ? (bridge ? 0 : 1) : bridge ? 1 : 0;
    }
}
