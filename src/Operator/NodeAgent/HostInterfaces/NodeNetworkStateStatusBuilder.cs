using System.Globalization;
using Multi.Operator.Controllers.ClusterNetworks;
using Multi.Operator.Entities;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// Builds a node's <see cref="NodeNetworkStateStatus"/> from a plan (host-interfaces.md, section 8). Stable: the same plan,
/// error and previous status give a byte-identical status (everything sorted, transition times kept while a condition
/// holds), so the agent writes only on change. Bounded: at most <see cref="MaxLinks"/> links (those not Ready first),
/// messages cut to <see cref="MaxMessage"/> characters, the last error to <see cref="MaxError"/>, pods only counted.
/// </summary>
internal static class NodeNetworkStateStatusBuilder
{
    public const int MaxLinks = 256;
    public const int MaxMessage = 256;
    public const int MaxError = 1024;
    public const int MaxProblems = 64;

    public const string Ready = "Ready";
    public const string Degraded = "Degraded";

    public static NodeNetworkStateStatus Build(HostLinkPlan plan, string? lastError, NodeNetworkStateStatus? previous, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var links = plan.Links;
        var listed = links.OrderBy(l => l.State == LinkState.Ready ? 1 : 0).ThenBy(l => l.Name, StringComparer.Ordinal).Take(MaxLinks)
            .OrderBy(l => l.Name, StringComparer.Ordinal).Select(Link).ToList();
        var problems = plan.Problems.Select(p => Cut(p.ToString(), MaxMessage)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxProblems).ToList();
        var ready = links.Count(l => l.State == LinkState.Ready);
        return new NodeNetworkStateStatus
        {
            Summary = string.Create(CultureInfo.InvariantCulture, $"{ready}/{links.Count}"),
            ReadyNetworks = ReadyNetworks(plan),
            Links = listed,
            Problems = problems,
            RaisedParents = [.. plan.RaisedParents],
            LastError = lastError is null ? null : Cut(lastError, MaxError),
            Conditions = Condition.Merge(previous?.Conditions, Conditions(plan), generation: null, now),
        };
    }

    /// <summary>Networks with at least one link whose links are all Ready and that have no problem on this node.</summary>
    private static List<string> ReadyNetworks(HostLinkPlan plan)
    {
        var blocked = plan.Problems.Select(p => p.Network)
            .Concat(plan.Links.Where(l => l.State != LinkState.Ready).SelectMany(l => l.Networks)).ToHashSet(StringComparer.Ordinal);
        return [.. plan.Links.SelectMany(l => l.Networks).Where(n => !blocked.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<Condition> Conditions(HostLinkPlan plan)
    {
        var worst = plan.Links.Select(l => l.State).DefaultIfEmpty(LinkState.Ready).Max();
        var notReady = plan.Links.Count(l => l.State != LinkState.Ready);
        var (reason, message) = worst switch
        {
            _ when plan.Problems.Count > 0 && worst < LinkState.Degraded => ("Conflict", $"{plan.Problems.Count} declaration problem(s): {plan.Problems[0]}"),
            LinkState.Clash => ("Clash", First(plan, LinkState.Clash)),
            LinkState.Degraded => ("Degraded", First(plan, LinkState.Degraded)),
            LinkState.Pending => ("Pending", $"{notReady} link(s) pending: {First(plan, LinkState.Pending)}"),
            _ => ("LinksReady", string.Create(CultureInfo.InvariantCulture, $"{plan.Links.Count} managed link(s) ready")),
        };
        var healthy = notReady == 0 && plan.Problems.Count == 0;
        var broken = worst >= LinkState.Degraded || plan.Problems.Count > 0;
        yield return new Condition(Ready, healthy, reason, Cut(message, MaxMessage));
        yield return new Condition(Degraded, broken, broken ? reason : "None", broken ? Cut(message, MaxMessage) : "");
    }

    private static string First(HostLinkPlan plan, LinkState state) =>
        plan.Links.Where(l => l.State == state).Select(l => $"{l.Name}: {l.Message}").First();

    private static ManagedLinkStatus Link(LinkOutcome outcome) => new()
    {
        Name = outcome.Name,
        Kind = outcome.Kind.ToString().ToLowerInvariant(),
        State = outcome.State.ToString(),
        Message = outcome.State == LinkState.Ready ? null : Cut(outcome.Message, MaxMessage),
        Networks = [.. outcome.Networks.Order(StringComparer.Ordinal)],
        AttachedPods = outcome.AttachedPods,
        Index = outcome.Observed?.Index,
        Parent = outcome.Observed?.ParentName,
        Master = outcome.Observed?.Master,
        Mtu = outcome.Observed?.Mtu,
        Up = outcome.Observed?.AdminUp,
        OperState = outcome.Observed?.OperState,
        VlanId = outcome.Observed?.Vlan?.Id,
        Vni = outcome.Observed?.Vxlan?.Vni,
        Port = outcome.Observed?.Vxlan?.Port,
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
