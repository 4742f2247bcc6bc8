namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// The VXLAN attributes the kernel changes in place (<c>vxlan_changelink</c>); null leaves a value as it is. Identity
/// (VNI, port, source ports, UDP checksum) cannot change: the kernel refuses, and section 6 re-creates instead.
/// </summary>
internal sealed record VxlanChange
{
    public bool? Learning { get; init; }

    public byte? Ttl { get; init; }

    public uint? AgeingSeconds { get; init; }
}
