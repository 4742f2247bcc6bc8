namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// What the planner needs to know about one link in the host network namespace, as the netlink adapter reads it
/// (RTM_NEWLINK): name, index, kind, MTU, administrative and operational state, alias (IFLA_IFALIAS), parent
/// (IFLA_LINK, with its name when it is in the same namespace), bridge master (IFLA_MASTER by name) and the VLAN or
/// VXLAN attributes of IFLA_INFO_DATA.
/// </summary>
internal sealed record ObservedLink(string Name, int Index, LinkKind Kind)
{
    public int Mtu { get; init; } = 1500;

    public bool AdminUp { get; init; }

    /// <summary>IFLA_OPERSTATE as the kernel names it: up, down, lowerlayerdown, unknown, dormant, notpresent, testing.</summary>
    public string OperState { get; init; } = "unknown";

    public string? Alias { get; init; }

    public int? ParentIndex { get; init; }

    public string? ParentName { get; init; }

    public string? Master { get; init; }

    public VlanAttributes? Vlan { get; init; }

    public VxlanAttributes? Vxlan { get; init; }
}
