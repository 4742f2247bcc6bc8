using Multi.Core.Networks;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>One desired link: foreign name or kernel key, missing parent, MTU bound, then create, repair or re-create.</summary>
internal static partial class HostLinkPlanner
{
    private static LinkOutcome PlanDesired(DesiredLink desired, PlanContext context)
    {
        var spec = desired.Spec;
        context.ByName.TryGetValue(spec.Name, out var link);
        var pods = context.PodsOf(spec.Name, desired.Networks, spec.Master);
        var outcome = new LinkOutcome(spec.Name, spec.Kind, LinkState.Ready, "exists as declared") { Networks = desired.Networks, Observed = link }.WithPods(pods);
        var ground = Preconditions(spec, link, context);
        return ground.Stop is { } stop ? outcome with { State = stop.State, Message = stop.Message, WaitsForLink = stop.WaitsForLink }
            : Converge(spec, link, ground, pods, outcome, context);
    }

    /// <summary>What must hold before a link is touched: ours or absent, parent present, MTU within bounds, bridge available, kernel key free.</summary>
    private static LinkPreconditions Preconditions(HostLinkSpec spec, ObservedLink? link, PlanContext context)
    {
        if (link is not null && !PlanContext.Owned(link))
        {
            context.UnavailableBridges.Add(spec.Name);
            return Stop(LinkState.Clash, $"link {spec.Name} exists without the Multi ownership marker (alias \"{link.Alias}\"); it is foreign and left untouched");
        }

        ObservedLink? parent = null;
        if (spec.Parent is { } parentName && !context.ByName.TryGetValue(parentName, out parent))
        {
            return Stop(LinkState.Pending, $"parent {parentName} missing; the link is created when it appears", waits: true);
        }

        var (mtu, mtuError) = parent is null ? (spec.Mtu, null) : HostInterfaceMtu.Resolve(spec.Mtu, parent.Name, parent.Mtu, Overhead(spec));
        if (mtuError is not null)
        {
            return Stop(LinkState.Degraded, mtuError);
        }

        if (spec.Master is { } bridge && context.UnavailableBridges.Contains(bridge))
        {
            return Stop(LinkState.Degraded, $"bridge {bridge} is not available on this node (see its state); the link waits for it");
        }

        var holder = link is null ? context.KernelKeyHolder(spec, parent) : null;
        if (holder is not null && Blocked(spec, holder, context) is { } blocked)
        {
            return Stop(blocked.State, blocked.Message);
        }

        return new LinkPreconditions(parent, mtu, Replacing: holder is not null, Stop: null);
    }

    /// <summary>Create a missing link, re-create one whose identity drifted (only without pods), or repair one in place.</summary>
    private static LinkOutcome Converge(HostLinkSpec spec, ObservedLink? link, LinkPreconditions ground, IReadOnlyList<string> pods, LinkOutcome outcome, PlanContext context)
    {
        var port = PlanPort(spec, context);
        if (link is null)
        {
            Create(spec, ground.Mtu, ground.Parent, context, ground.Replacing ? PlanPhase.Recreate : PlanPhase.Create);
            return Merge(outcome with { State = LinkState.Pending, Message = "created" }, port);
        }

        var drift = IdentityDrift(spec, link, ground.Parent);
        if (drift.Count > 0)
        {
            var what = string.Join(", ", drift);
            if (pods.Count > 0)
            {
                return outcome with { State = LinkState.Degraded, Message = $"identity drift ({what}) while {PodText(pods)}; the link is left as it is until they are gone" };
            }

            context.Add(PlanPhase.Recreate, new LinkAction.Delete(spec.Name), Restore(link));
            Create(spec, ground.Mtu, ground.Parent, context, PlanPhase.Recreate);
            return Merge(outcome with { State = LinkState.Pending, Message = $"re-created: identity drift ({what})" }, port);
        }

        var repairs = Repair(spec, link, ground.Mtu, context);
        return Merge(repairs.Count == 0 ? outcome : outcome with { State = LinkState.Pending, Message = $"repaired in place: {string.Join("; ", repairs)}" }, port);
    }

    private static LinkPreconditions Stop(LinkState state, string message, bool waits = false) => new(null, null, false, new LinkOutcome("", LinkKind.Other, state, message) { WaitsForLink = waits });

    /// <summary>Another link holds the kernel key: foreign (a clash, section 9), ours but in use, or ours and free (replaced: deleted first).</summary>
    private static (LinkState State, string Message)? Blocked(HostLinkSpec spec, ObservedLink holder, PlanContext context)
    {
        if (!PlanContext.Owned(holder))
        {
            var who = spec.Kind == LinkKind.Vlan ? "the CNI vlan plugin or an administrator" : "an administrator or another agent";
            return (LinkState.Clash, $"{spec.KernelKey} is taken by link {holder.Name}, which Multi does not manage ({who} created it); nothing is changed");
        }

        var networks = context.Desired.Declared.TryGetValue(holder.Name, out var declared) ? declared : [];
        var pods = context.PodsOf(holder.Name, networks, holder.Master);
        if (context.Desired.Withheld.Contains(holder.Name) || context.Desired.Links.Any(l => l.Spec.Name == holder.Name))
        {
            return (LinkState.Pending, $"{spec.KernelKey} is still held by link {holder.Name}, which is still declared; it is replaced once no declaration needs it");
        }

        if (pods.Count > 0)
        {
            return (LinkState.Pending, $"{spec.KernelKey} is still held by link {holder.Name}; it is replaced once no pod uses it ({PodText(pods)})");
        }

        context.Replaced.Add(holder.Name);
        context.Removing.Add(holder.Name);
        context.Add(PlanPhase.Recreate, new LinkAction.Delete(holder.Name), Restore(holder));
        return null;
    }

    /// <summary>Create, join the bridge, up; and the parent up first when it is down.</summary>
    private static void Create(HostLinkSpec spec, int? mtu, ObservedLink? parent, PlanContext context, PlanPhase phase)
    {
        if (parent is { AdminUp: false } && context.RaisedParents.Add(parent.Name))
        {
            context.Add(PlanPhase.ParentUp, new LinkAction.SetUp(parent.Name), new LinkAction.SetDown(parent.Name));
        }

        context.Add(phase, new LinkAction.Create(spec, mtu, spec.Marker.ToString()), new LinkAction.Delete(spec.Name));
        if (spec.Master is { } master)
        {
            context.Add(PlanPhase.Attach, new LinkAction.SetMaster(spec.Name, master), new LinkAction.SetMaster(spec.Name, null));
        }

        context.Add(PlanPhase.Up, new LinkAction.SetUp(spec.Name), new LinkAction.SetDown(spec.Name));
    }

    private static int Overhead(HostLinkSpec spec) => HostInterfaceMtu.Overhead(spec.Kind == LinkKind.Vxlan, spec.Vxlan?.Ipv6Underlay ?? false);

    private static LinkOutcome Merge(LinkOutcome outcome, LinkOutcome? port) => port is null ? outcome
        : outcome with { State = outcome.State == LinkState.Ready ? port.State : outcome.State, Message = outcome.State == LinkState.Ready ? port.Message : $"{outcome.Message}; {port.Message}", WaitsForLink = port.WaitsForLink };
}
