using System.Globalization;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// Compares a node's desired host links with the links the kernel reports and returns the ordered, reversible plan that
/// makes them agree (host-interfaces.md, sections 4–7). Pure and level-triggered: the same input gives the same plan, no
/// decision depends on an earlier pass, and after a successful plan a new pass over the new observations is empty.
/// Only links carrying a valid ownership marker are changed or deleted; anything else is reported, never touched.
/// </summary>
internal static partial class HostLinkPlanner
{
    /// <summary>At most this many attached pods are named in an outcome and its message; the count is always exact.</summary>
    public const int PodSample = 10;

    /// <param name="raisedBefore">Parents earlier passes brought up (the node's record, <see cref="HostLinkPlan.RaisedParents"/>):
    /// each goes back down once no managed link on the node needs it.</param>
    public static HostLinkPlan Plan(NodeDesiredState desired, IReadOnlyList<ObservedLink> observed, IReadOnlyList<PodAttachment> attachments, IReadOnlyCollection<string>? raisedBefore = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(attachments);
        var context = new PlanContext(desired, observed, attachments);
        foreach (var name in desired.Withheld)
        {
            context.UnavailableBridges.Add(name);
        }

        var outcomes = new List<LinkOutcome>();
        foreach (var link in desired.Links.OrderBy(l => l.Spec.Kind == LinkKind.Bridge ? 0 : 1).ThenBy(l => l.Spec.Name, StringComparer.Ordinal))
        {
            outcomes.Add(PlanDesired(link, context));
        }

        var desiredNames = desired.Links.Select(l => l.Spec.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var link in observed.Where(o => !desiredNames.Contains(o.Name) && PlanContext.Owned(o)).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            outcomes.Add(PlanUndesired(link, context));
        }

        var needed = desired.Links.Select(l => l.Spec.Parent)
            .Concat(observed.Where(o => PlanContext.Owned(o) && !desiredNames.Contains(o.Name) && !context.Removing.Contains(o.Name)).Select(o => o.ParentName))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var raised = RestoreParents(raisedBefore ?? [], needed, context);
        return new HostLinkPlan(context.Ordered(), [.. outcomes.OrderBy(o => o.Name, StringComparer.Ordinal)], desired.Problems) { RaisedParents = raised };
    }

    /// <summary>
    /// Section 4: a parent the agent brought up goes back down when no managed link needs it any more; the returned record
    /// keeps the parents still needed (and still present) plus those this plan brings up.
    /// </summary>
    private static IReadOnlyList<string> RestoreParents(IReadOnlyCollection<string> raisedBefore, HashSet<string> needed, PlanContext context)
    {
        var record = new SortedSet<string>(context.RaisedParents, StringComparer.Ordinal);
        foreach (var name in raisedBefore.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!context.ByName.TryGetValue(name, out var parent))
            {
                continue;
            }

            if (needed.Contains(name))
            {
                record.Add(name);
            }
            else if (parent.AdminUp)
            {
                context.Add(PlanPhase.RestoreParents, new LinkAction.SetDown(name), new LinkAction.SetUp(name));
            }
        }

        return [.. record];
    }

    /// <summary>One of our links no desired link names: kept while withheld or while pods use it, otherwise removed.</summary>
    private static LinkOutcome PlanUndesired(ObservedLink link, PlanContext context)
    {
        var networks = context.Desired.Declared.TryGetValue(link.Name, out var declared) ? declared : [];
        var pods = context.PodsOf(link.Name, networks, link.Master);
        var outcome = new LinkOutcome(link.Name, link.Kind, LinkState.Pending, "") { Networks = networks, Observed = link }.WithPods(pods);
        if (context.Desired.Withheld.Contains(link.Name))
        {
            return outcome with { State = LinkState.Degraded, Message = $"declarations of {link.Name} conflict ({ProblemOf(context, link.Name)}); the link is left as it is" };
        }

        if (context.Replaced.Contains(link.Name))
        {
            return outcome with { Message = "removed: a new link takes its kernel key" };
        }

        if (pods.Count > 0)
        {
            return outcome with { Message = $"no network on this node needs it any more; kept while {PodText(pods)}" };
        }

        context.Removing.Add(link.Name);
        context.Add(PlanPhase.Remove, new LinkAction.Delete(link.Name), Restore(link));
        return outcome with { Message = "removed: no network on this node needs it and no pod is attached" };
    }

    /// <summary>
    /// The actions that bring back a link as it was observed: create it with its attributes and alias, its master, up (a
    /// bridge's ports, which deleting it released, are added by <see cref="PlanContext.Ordered"/>).
    /// </summary>
    private static LinkAction[] Restore(ObservedLink link)
    {
        var spec = new HostLinkSpec(link.Name, link.Kind) { Parent = link.ParentName, Vlan = link.Vlan, Vxlan = link.Vxlan };
        var actions = new List<LinkAction> { new LinkAction.Create(spec, link.Mtu, link.Alias ?? "") };
        if (link.Master is { } master)
        {
            actions.Add(new LinkAction.SetMaster(link.Name, master));
        }

        if (link.AdminUp)
        {
            actions.Add(new LinkAction.SetUp(link.Name));
        }

        return [.. actions];
    }

    private static string ProblemOf(PlanContext context, string link) =>
        context.Desired.Problems.FirstOrDefault(p => p.Link == link)?.Message ?? "see the network problems";

    /// <summary>"3 pods are attached (a/p1, a/p2, a/p3)", naming at most <see cref="PodSample"/>.</summary>
    internal static string PodText(IReadOnlyList<string> pods) =>
        string.Create(CultureInfo.InvariantCulture, $"{pods.Count} {(pods.Count == 1 ? "pod is" : "pods are")} attached ({string.Join(", ", pods.Take(PodSample))}{(pods.Count > PodSample ? ", …" : "")})");

    private static LinkOutcome WithPods(this LinkOutcome outcome, IReadOnlyList<string> pods) =>
        outcome with { AttachedPods = pods.Count, PodSample = [.. pods.Take(PodSample)] };
}
