using Multi.Core.Networks;
using Multi.Operator.NodeAgent.HostInterfaces;

namespace Multi.Operator.Tests.NodeAgent.HostInterfaces;

/// <summary>
/// A small in-memory link table with the kernel rules the planner relies on: unique names, one VLAN per (parent,
/// protocol, id), one VXLAN per (VNI, port), a VLAN's MTU at most its parent's, masters that exist and are bridges, new
/// links down without a master, a deleted bridge releasing its ports. A rule broken throws, as netlink would fail.
/// </summary>
internal sealed class SimulatedKernel(IEnumerable<ObservedLink> links)
{
    private readonly Dictionary<string, ObservedLink> table = links.ToDictionary(l => l.Name, StringComparer.Ordinal);
    private int nextIndex = 100;

    public IReadOnlyList<ObservedLink> Links => [.. table.Values.OrderBy(l => l.Index)];

    public ObservedLink this[string name] => table[name];

    public bool Has(string name) => table.ContainsKey(name);

    public void Put(ObservedLink link) => table[link.Name] = link;

    public void Remove(string name) => table.Remove(name);

    public void ApplyAll(IEnumerable<LinkAction> actions)
    {
        foreach (var action in actions)
        {
            Apply(action);
        }
    }

    public void Apply(LinkAction action)
    {
        switch (action)
        {
            case LinkAction.Create create:
                Create(create);
                break;
            case LinkAction.Set set:
                var link = Existing(set.Name);
                table[set.Name] = link with
                {
                    Mtu = set.Changes.Mtu ?? link.Mtu,
                    Alias = set.Changes.Alias is null ? link.Alias : set.Changes.Alias.Length == 0 ? null : set.Changes.Alias,
                    Vxlan = link.Vxlan is null ? null : link.Vxlan with
                    {
                        Learning = set.Changes.Learning ?? link.Vxlan.Learning,
                        Ttl = set.Changes.Ttl ?? link.Vxlan.Ttl,
                        Ageing = set.Changes.Ageing ?? link.Vxlan.Ageing,
                    },
                };
                break;
            case LinkAction.SetUp up:
                table[up.Name] = Existing(up.Name) with { AdminUp = true, OperState = "up" };
                break;
            case LinkAction.SetDown down:
                table[down.Name] = Existing(down.Name) with { AdminUp = false, OperState = "down" };
                break;
            case LinkAction.SetMaster master:
                if (master.Master is { } m && Existing(m).Kind != LinkKind.Bridge)
                {
                    throw new InvalidOperationException($"{m} is not a bridge");
                }

                table[master.Name] = Existing(master.Name) with { Master = master.Master };
                break;
            case LinkAction.Delete delete:
                Existing(delete.Name);
                table.Remove(delete.Name);
                foreach (var port in table.Values.Where(l => l.Master == delete.Name).ToList())
                {
                    table[port.Name] = port with { Master = null };
                }

                break;
            default:
                throw new InvalidOperationException($"not a kernel operation: {action}");
        }
    }

    private void Create(LinkAction.Create create)
    {
        var spec = create.Spec;
        if (table.ContainsKey(spec.Name))
        {
            throw new InvalidOperationException($"EEXIST: {spec.Name}");
        }

        var parent = spec.Parent is null ? null : Existing(spec.Parent);
        if (spec.Kind == LinkKind.Vlan && table.Values.Any(l => l.Kind == LinkKind.Vlan && l.ParentIndex == parent!.Index && l.Vlan == spec.Vlan))
        {
            throw new InvalidOperationException($"EBUSY: VLAN {spec.Vlan} on {spec.Parent}");
        }

        if (spec.Kind == LinkKind.Vxlan && table.Values.Any(l => l.Kind == LinkKind.Vxlan && l.Vxlan!.Vni == spec.Vxlan!.Vni && l.Vxlan.Port == spec.Vxlan.Port))
        {
            throw new InvalidOperationException($"EEXIST: VNI {spec.Vxlan!.Vni} port {spec.Vxlan.Port}");
        }

        var mtu = create.Mtu ?? (parent is null ? 1500 : parent.Mtu - HostInterfaceMtu.Overhead(spec.Kind == LinkKind.Vxlan, spec.Vxlan?.Ipv6Underlay ?? false));
        if (spec.Kind == LinkKind.Vlan && mtu > parent!.Mtu)
        {
            throw new InvalidOperationException($"ERANGE: MTU {mtu} over parent {parent.Mtu}");
        }

        table[spec.Name] = new ObservedLink(spec.Name, nextIndex++, spec.Kind)
        {
            Mtu = mtu,
            AdminUp = false,
            OperState = "down",
            Alias = create.Alias.Length == 0 ? null : create.Alias,
            ParentIndex = parent?.Index,
            ParentName = parent?.Name,
            Vlan = spec.Vlan,
            Vxlan = spec.Vxlan is null ? null : spec.Vxlan with
            {
                Learning = spec.Vxlan.Learning ?? true,
                Ttl = spec.Vxlan.Ttl ?? 0,
                Ageing = spec.Vxlan.Ageing ?? 300,
                UdpChecksum = spec.Vxlan.UdpChecksum ?? false,
            },
        };
    }

    private ObservedLink Existing(string name) =>
        table.TryGetValue(name, out var link) ? link : throw new InvalidOperationException($"ENODEV: {name}");
}
