using System.Collections.Immutable;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// The <c>ipam</c> section of a delegate's configuration: the pools to allocate from (one address per pool; two pools for
/// dual-stack), the kubeconfig of the API server that holds them, addresses requested through the <c>ips</c> capability, and
/// the directory of the node-local journal (<c>journalDir</c>, absolute).
/// </summary>
internal sealed record IpamConfig(ImmutableArray<string> Pools, string Kubeconfig, ImmutableArray<IpamRequestedAddress> Requested, string JournalDir);

/// <summary>One address of <c>runtimeConfig.ips</c>; <see cref="PrefixLength"/> when it was given in CIDR form.</summary>
internal sealed record IpamRequestedAddress(System.Net.IPAddress Address, int? PrefixLength, string Text);
