namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>The kernel link kinds the planner tells apart (IFLA_INFO_KIND vlan, vxlan, bridge; anything else is Other).</summary>
internal enum LinkKind
{
    Other,
    Vlan,
    Vxlan,
    Bridge,
}
