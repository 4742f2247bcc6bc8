using Multi.Core.Networks;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// Drift of one of our links (host-interfaces.md, section 5). Identity (kind, parent by index, VLAN id and protocol, VXLAN
/// VNI, port, peer, local, source ports, checksum, the marker's identity hash) can only change by re-creation; MTU, the
/// marker, learning, TTL, ageing, bridge membership and the administrative state are repaired in place.
/// </summary>
internal static partial class HostLinkPlanner
{
    private static List<string> IdentityDrift(HostLinkSpec spec, ObservedLink link, ObservedLink? parent)
    {
        var drift = new List<string>();
        if (link.Kind != spec.Kind)
        {
            drift.Add(DriftText.Change("kind", spec.Kind, link.Kind));
            return drift;
        }

        if (parent is not null && link.ParentIndex != parent.Index)
        {
            drift.Add(DriftText.Change("parent index", $"{parent.Index} ({parent.Name})", link.ParentIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (parent is null && spec.Parent is null && link.ParentIndex is { } index)
        {
            drift.Add(DriftText.Change("parent index", "(none)", index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (spec.Vlan is { } vlan && link.Vlan != vlan)
        {
            drift.Add(DriftText.Change("vlan", $"{vlan.Id} {vlan.Protocol}", link.Vlan is null ? null : $"{link.Vlan.Id} {link.Vlan.Protocol}"));
        }

        if (spec.Vxlan is { } vxlan)
        {
            drift.AddRange(link.Vxlan is null ? ["vxlan attributes missing"] : vxlan.IdentityDrift(link.Vxlan));
        }

        if (HostLinkMarker.TryParse(link.Alias, out var marker) && marker.IdentityHash != spec.Marker.IdentityHash)
        {
            drift.Add(DriftText.Change("marker identity", spec.Marker.IdentityHash, marker.IdentityHash));
        }

        return drift;
    }

    /// <summary>Adds the in-place repairs of <paramref name="link"/> and returns what they change, "mtu 1500 → 1400" style.</summary>
    private static List<string> Repair(HostLinkSpec spec, ObservedLink link, int? mtu, PlanContext context)
    {
        var marker = spec.Marker.ToString();
        var want = spec.Vxlan;
        var have = link.Vxlan;
        var changes = new LinkChanges
        {
            Mtu = mtu is { } m && m != link.Mtu ? m : null,
            Alias = link.Alias != marker ? marker : null,
            Learning = want?.Learning is { } learning && learning != have?.Learning ? learning : null,
            Ttl = want?.Ttl is { } ttl && ttl != have?.Ttl ? ttl : null,
            Ageing = want?.Ageing is { } ageing && ageing != have?.Ageing ? ageing : null,
        };
        var repairs = new List<string>();
        if (!changes.IsEmpty)
        {
            var previous = new LinkChanges
            {
                Mtu = changes.Mtu is null ? null : link.Mtu,
                Alias = changes.Alias is null ? null : link.Alias ?? "",
                Learning = changes.Learning is null ? null : have?.Learning,
                Ttl = changes.Ttl is null ? null : have?.Ttl,
                Ageing = changes.Ageing is null ? null : have?.Ageing,
            };
            context.Add(PlanPhase.Change, new LinkAction.Set(spec.Name, changes), new LinkAction.Set(spec.Name, previous));
            repairs.Add(Describe(changes, previous));
        }

        if (link.Master != spec.Master)
        {
            context.Add(PlanPhase.Attach, new LinkAction.SetMaster(spec.Name, spec.Master), new LinkAction.SetMaster(spec.Name, link.Master));
            repairs.Add(DriftText.Change("master", spec.Master, link.Master));
        }

        if (!link.AdminUp)
        {
            context.Add(PlanPhase.Up, new LinkAction.SetUp(spec.Name), new LinkAction.SetDown(spec.Name));
            repairs.Add("down → up");
        }

        return repairs;
    }

    /// <summary>A bridge alone takes an existing link as its port: missing waits for a link event, elsewhere is joined.</summary>
    private static LinkOutcome? PlanPort(HostLinkSpec spec, PlanContext context)
    {
        if (spec.Port is not { } port)
        {
            return null;
        }

        if (!context.ByName.TryGetValue(port, out var link))
        {
            return new LinkOutcome(spec.Name, spec.Kind, LinkState.Pending, $"port {port} missing; it joins the bridge when it appears") { WaitsForLink = true };
        }

        if (link.Master != spec.Name)
        {
            context.Add(PlanPhase.Attach, new LinkAction.SetMaster(port, spec.Name), new LinkAction.SetMaster(port, link.Master));
            return new LinkOutcome(spec.Name, spec.Kind, LinkState.Pending, DriftText.Change($"port {port} master", spec.Name, link.Master));
        }

        return null;
    }

    private static string Describe(LinkChanges changes, LinkChanges previous) => string.Join(", ", new[]
    {
        changes.Mtu is null ? null : DriftText.Change("mtu", changes.Mtu, previous.Mtu),
        changes.Alias is null ? null : previous.Alias is "" ? "marker missing" : "marker changed",
        changes.Learning is null ? null : DriftText.Change("learning", changes.Learning, previous.Learning),
        changes.Ttl is null ? null : DriftText.Change("ttl", changes.Ttl, previous.Ttl),
        changes.Ageing is null ? null : DriftText.Change("ageing", changes.Ageing, previous.Ageing),
    }.Where(s => s is not null));
}
