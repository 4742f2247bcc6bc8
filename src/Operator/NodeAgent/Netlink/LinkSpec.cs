using System.Net.NetworkInformation;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// A link to create (<c>RTM_NEWLINK</c> with <c>NLM_F_CREATE | NLM_F_EXCL</c>). <see cref="Kind"/> is one of
/// <see cref="LinkKinds"/>; a <c>vlan</c> needs <see cref="Vlan"/> and <see cref="ParentIndex"/>, a <c>vxlan</c> needs
/// <see cref="Vxlan"/> (its parent goes in <see cref="VxlanAttributes.ParentIndex"/>). Optional values are not sent when
/// null, leaving the kernel default.
/// </summary>
internal sealed record LinkSpec(string Name, string Kind)
{
    public uint? Mtu { get; init; }

    public bool Up { get; init; }

    public string? Alias { get; init; }

    public int? ParentIndex { get; init; }

    public int? MasterIndex { get; init; }

    public PhysicalAddress? Mac { get; init; }

    public VlanAttributes? Vlan { get; init; }

    public VxlanAttributes? Vxlan { get; init; }
}
