namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>The agent's host-interface reconcile (section <c>Operator:HostInterfaces</c>; docs/host-interfaces.md, "Agent").</summary>
internal sealed class HostInterfaceOptions
{
    public const string Section = "Operator:HostInterfaces";

    /// <summary>Programs the links of hostInterface ClusterNetworks on this node (agent mode only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The periodic full pass besides informer and netlink link events (the kernel does not announce every change).</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Act inside this network namespace instead of the process's own: a path (<c>/var/run/netns/x</c>, <c>/proc/1/ns/net</c>)
    /// or the name of one under <c>/var/run/netns</c>. Unset: the process's namespace (the DaemonSet runs with hostNetwork).
    /// </summary>
    public string? NetnsPath { get; set; }

    /// <summary>The namespace path to open, or null for the process's own.</summary>
    public string? ResolvedNetnsPath => string.IsNullOrEmpty(NetnsPath) ? null
        : NetnsPath.Contains('/', StringComparison.Ordinal) ? NetnsPath : Netlink.NetworkNamespaceThread.PathOf(NetnsPath);
}
