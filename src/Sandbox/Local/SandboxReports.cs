namespace Multi.Sandbox.Local;

/// <summary>A connectivity probe from one pod to another's address on a secondary network.</summary>
internal sealed record ProbeReport(string From, string To, string Network, string Address, bool Reached)
{
    /// <summary>The nodes of the two pods, <c>msbx-node → msbx-node2</c> (empty when unknown).</summary>
    public string Nodes { get; init; } = string.Empty;
}

/// <summary>
/// What <c>up</c> attached (as the pods' network-status shows it), how the probes went and what the reclaim demonstration
/// saw. <see cref="Daemon"/> is the node daemon after the sample pods were attached (its request counts say that their ADDs
/// went through it); <see cref="InProcess"/> holds every ADD's stderr line saying that the shim ran it in-process instead.
/// </summary>
internal sealed record UpReport(
    DaemonHealth Daemon,
    IReadOnlyList<string> InProcess,
    IReadOnlyList<PodNetworks> Pods,
    IReadOnlyList<ProbeReport> Probes,
    ReclaimReport Reclaim,
    IReadOnlyList<PoolUsage> Pools,
    IReadOnlyList<ClusterNetworkState> ClusterNetworks,
    IReadOnlyList<NodeState> Nodes,
    IReadOnlyList<DeviceAttachment> Devices)
{
    /// <summary>At least one probe ran over a secondary network and every probe was answered.</summary>
    public bool Connected => Probes.Count > 0 && Probes.All(p => p.Reached);

    /// <summary>
    /// Up worked when the pods are connected, the operator reclaimed the dead pod's address in time and every device-plugin
    /// attachment has the device its kubelet allocated.
    /// </summary>
    public bool Succeeded => Connected && Reclaim.Reclaimed && Devices.All(d => d.Problem is null);
}

/// <summary>The sandbox as <c>status</c> finds it; <see cref="Daemon"/> is node 0's (<see cref="Nodes"/> has every node's).</summary>
internal sealed record StatusReport(
    bool Up,
    bool ApiServerAlive,
    OperatorHealth Operator,
    DaemonHealth Daemon,
    IReadOnlyList<PodNetworks> Pods,
    IReadOnlyList<PoolUsage> Pools,
    IReadOnlyList<ClusterNetworkState> ClusterNetworks,
    IReadOnlyList<NodeState> Nodes,
    IReadOnlyList<DeviceAttachment> Devices,
    bool KubeletAlive);

/// <summary>
/// What <c>down</c> did; empty <see cref="Leftovers"/> means a clean teardown. Notes are not failures.
/// <see cref="AllocationsLeft"/> is the number of IPAllocation objects found after every DEL (each one is also a
/// leftover), or null when the API server could not be asked.
/// </summary>
internal sealed record TeardownReport(IReadOnlyList<string> Deleted, IReadOnlyList<string> Leftovers, IReadOnlyList<string> Notes, int? AllocationsLeft);
