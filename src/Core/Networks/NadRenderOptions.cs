namespace Multi.Core.Networks;

/// <summary>Cluster-wide settings the rendered NADs need.</summary>
public sealed record NadRenderOptions
{
    /// <summary>The kubeconfig multi-ipam reads on the node.</summary>
    public string IpamKubeconfig { get; init; } = "/etc/cni/net.d/multi.d/multi.kubeconfig";

    /// <summary>The node daemon's socket that multi-ipam forwards to when the daemon answers (rendered as <c>ipam.daemonSocket</c>; empty: not rendered).</summary>
    public string IpamDaemonSocket { get; init; } = "/run/multi/multi.sock";
}
