using System.Collections.Immutable;

namespace Multi.Cni.Ipam;

/// <summary>
/// The <c>ipam</c> section of a delegate's configuration: the pools to allocate from (one address per pool; two pools for
/// dual-stack), the kubeconfig of the API server that holds them, the static request (at most one address per family, from
/// one source: see <see cref="IpamConfigParser"/>; empty for verbs other than ADD), the directory of the node-local
/// journal (<c>journalDir</c>, absolute), and how long a pool read from the API server is reused from the journal
/// (<c>poolCacheSeconds</c>, 0 to read it on every ADD).
/// </summary>
internal sealed record IpamConfig(ImmutableArray<string> Pools, string Kubeconfig, ImmutableArray<IpamRequestedAddress> Requested, string JournalDir, TimeSpan PoolCacheTtl)
{
    public static readonly TimeSpan DefaultPoolCacheTtl = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>daemonSocket</c> (absolute): the node daemon's Unix socket, which <c>multi-ipam</c> forwards the request to when the
    /// daemon answers (node-daemon.md, sections 2 and 3); null when unset.
    /// </summary>
    public string? DaemonSocket { get; init; }
}

/// <summary>
/// One statically requested address (<c>runtimeConfig.ips</c>, <c>args.cni.ips</c> or <c>IP</c> in <c>CNI_ARGS</c>), never
/// IPv4-mapped; <see cref="PrefixLength"/> when it was given in CIDR form, <see cref="Text"/> as given.
/// </summary>
internal sealed record IpamRequestedAddress(System.Net.IPAddress Address, int? PrefixLength, string Text);
