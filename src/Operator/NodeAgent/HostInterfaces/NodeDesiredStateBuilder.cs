using Multi.Core.Networks;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// Computes a node's desired host links from every ClusterNetwork and the node's labels (host-interfaces.md, sections 1,
/// 3 and 4). A pure function of its input, independent of declaration order: networks selecting the node that resolve to
/// the same link with identical settings share it (its networks are the reference count); different settings under one
/// name, or two names on one kernel key (VLAN id on a parent, VNI and port), withhold the link and report every network.
/// </summary>
internal static class NodeDesiredStateBuilder
{
    public static NodeDesiredState Compute(IEnumerable<(string Name, ClusterNetworkSpec Spec)> networks, IReadOnlyDictionary<string, string>? nodeLabels)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var problems = new List<NetworkProblem>();
        var declared = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var selected = new List<(string Network, HostLinkSpec Spec)>();
        foreach (var (name, spec) in networks.Where(n => n.Spec?.HostInterface is not null).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var links = LinksOf(name, spec, problems);
            foreach (var link in links)
            {
                (declared.TryGetValue(link.Name, out var set) ? set : declared[link.Name] = new(StringComparer.Ordinal)).Add(name);
            }

            if (LabelSelectorMatcher.Matches(new LabelSelectorSpec { MatchLabels = spec.NodeSelector }, nodeLabels))
            {
                selected.AddRange(links.Select(l => (name, l)));
            }
        }

        var withheld = new HashSet<string>(StringComparer.Ordinal);
        var desired = Share(selected, problems, withheld);
        desired = SeparateKernelKeys(desired, problems, withheld);
        return new NodeDesiredState(
            desired,
            [.. problems.OrderBy(p => p.Network, StringComparer.Ordinal).ThenBy(p => p.Link, StringComparer.Ordinal)],
            declared.ToDictionary(d => d.Key, d => (IReadOnlyList<string>)[.. d.Value], StringComparer.Ordinal),
            withheld);
    }

    /// <summary>The links one network declares (lower link first, then its bridge); none, with a problem, when a name is invalid.</summary>
    public static IReadOnlyList<HostLinkSpec> LinksOf(string network, ClusterNetworkSpec spec, List<NetworkProblem>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var host = spec.HostInterface;
        if (host is null)
        {
            return [];
        }

        var mtu = host.Mtu is null or 0 ? null : host.Mtu;
        var bridge = host.Bridge is { } b ? HostInterfaceNames.Bridge(network, b) : null;
        var links = new List<HostLinkSpec>();
        if (host.Vlan is { } vlan)
        {
            links.Add(new HostLinkSpec(HostInterfaceNames.Vlan(vlan), LinkKind.Vlan)
            {
                Parent = vlan.Parent, Mtu = mtu, Master = bridge, Vlan = new VlanAttributes(vlan.Id, vlan.EffectiveProtocol),
            });
        }
        else if (host.Vxlan is { } vxlan)
        {
            links.Add(new HostLinkSpec(HostInterfaceNames.Vxlan(vxlan), LinkKind.Vxlan)
            {
                Parent = vxlan.Parent, Mtu = mtu, Master = bridge, Vxlan = VxlanAttributes.From(vxlan),
            });
        }

        if (bridge is not null)
        {
            links.Add(new HostLinkSpec(bridge, LinkKind.Bridge) { Mtu = mtu, Port = links.Count == 0 && !string.IsNullOrEmpty(spec.Master) ? spec.Master : null });
        }

        var invalid = links.SelectMany(l => new[] { l.Name, l.Parent, l.Port }).Where(n => n is not null && !LinkNames.IsValid(n)).ToList();
        if (invalid.Count > 0)
        {
            problems?.Add(new NetworkProblem(network, invalid[0]!, $"\"{invalid[0]}\" is not an interface name ({LinkNames.Rule}); no link is created for {network}"));
            return [];
        }

        return links;
    }

    private static List<DesiredLink> Share(List<(string Network, HostLinkSpec Spec)> selected, List<NetworkProblem> problems, HashSet<string> withheld)
    {
        var desired = new List<DesiredLink>();
        foreach (var group in selected.GroupBy(s => s.Spec.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First().Spec;
            var disagreeing = group.FirstOrDefault(g => g.Spec != first);
            if (disagreeing.Spec is null)
            {
                desired.Add(new DesiredLink(first, [.. group.Select(g => g.Network).Distinct().Order(StringComparer.Ordinal)]));
                continue;
            }

            withheld.Add(group.Key);
            var names = string.Join(", ", group.Select(g => g.Network).Distinct());
            var differences = string.Join(", ", first.Differences(disagreeing.Spec));
            problems.AddRange(group.Select(g => g.Network).Distinct().Select(n => new NetworkProblem(n, group.Key,
                $"link {group.Key} is declared by {names} with different settings ({differences}); it is not created or changed until they agree")));
        }

        return desired;
    }

    private static List<DesiredLink> SeparateKernelKeys(List<DesiredLink> desired, List<NetworkProblem> problems, HashSet<string> withheld)
    {
        var clashing = desired.Where(d => d.Spec.KernelKey is not null).GroupBy(d => d.Spec.KernelKey!, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        foreach (var group in clashing)
        {
            var names = string.Join(", ", group.Select(d => d.Spec.Name));
            foreach (var link in group)
            {
                withheld.Add(link.Spec.Name);
                problems.AddRange(link.Networks.Select(n => new NetworkProblem(n, link.Spec.Name,
                    $"{group.Key} is declared as different links ({names}); the kernel allows one, so none is created until the declarations agree")));
            }
        }

        return [.. desired.Where(d => !withheld.Contains(d.Spec.Name))];
    }
}
