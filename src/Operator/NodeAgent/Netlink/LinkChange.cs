namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Changes to an existing link, addressed by index (<c>RTM_NEWLINK</c> without <c>NLM_F_CREATE</c>, as
/// <c>ip link set</c> sends it). Null leaves a value as it is. <see cref="Alias"/> "" removes the alias;
/// <see cref="MasterIndex"/> 0 releases the link from its bridge.
/// </summary>
internal sealed record LinkChange(int Index)
{
    public string? Name { get; init; }

    public uint? Mtu { get; init; }

    public bool? Up { get; init; }

    public string? Alias { get; init; }

    public int? MasterIndex { get; init; }

    /// <summary>In-place changes of a <c>vxlan</c> link (sent as <c>IFLA_LINKINFO</c> with the kind and only these attributes).</summary>
    public VxlanChange? Vxlan { get; init; }
}
