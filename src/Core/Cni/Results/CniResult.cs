using System.Collections.Immutable;

namespace Multi.Core.Cni.Results;

/// <summary>A CNI result held in the 1.1 shape; <see cref="CniVersion"/> is the version it was produced in.</summary>
public sealed record CniResult(
    string CniVersion,
    ImmutableArray<CniInterface> Interfaces,
    ImmutableArray<CniIpConfig> Ips,
    ImmutableArray<CniRoute> Routes,
    CniDns? Dns)
{
    public static CniResult Empty(string version) => new(version, [], [], [], null);
}

public sealed record CniInterface(string Name, string? Mac = null, int? Mtu = null, string? Sandbox = null, string? SocketPath = null, string? PciId = null);

/// <summary>An address in CIDR form; <see cref="Interface"/> indexes <see cref="CniResult.Interfaces"/>.</summary>
public sealed record CniIpConfig(string Address, string? Gateway = null, int? Interface = null);

public sealed record CniRoute(
    string Dst,
    string? Gw = null,
    int? Mtu = null,
    int? AdvMss = null,
    int? Priority = null,
    int? Table = null,
    int? Scope = null);

public sealed record CniDns(
    ImmutableArray<string> Nameservers,
    string? Domain,
    ImmutableArray<string> Search,
    ImmutableArray<string> Options)
{
    public bool IsEmpty => Nameservers.IsDefaultOrEmpty && string.IsNullOrEmpty(Domain) && Search.IsDefaultOrEmpty && Options.IsDefaultOrEmpty;
}
