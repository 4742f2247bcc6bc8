using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>Reads <see cref="IpamConfig"/> from the network configuration; every problem is code 7 naming the key.</summary>
internal static partial class IpamConfigParser
{
    /// <summary>
    /// The configuration with its static request (<see cref="IpamConfig.Requested"/>) for ADD: read from
    /// <c>runtimeConfig.ips</c>, <c>args.cni.ips</c> and <paramref name="cniArgsIp"/> (the value of <c>IP</c> in
    /// <c>CNI_ARGS</c>, null when absent).
    /// </summary>
    public static Outcome<IpamConfig> Parse(JsonObject netconf, string? cniArgsIp = null) => Guarded(() => Read(netconf, requests: true, cniArgsIp));

    /// <summary>
    /// The configuration without a static request, for DEL, CHECK, GC and STATUS: they do not use it, and a malformed
    /// request must never stop DEL from releasing what ADD took.
    /// </summary>
    public static Outcome<IpamConfig> ParseIgnoringRequests(JsonObject netconf) => Guarded(() => Read(netconf, requests: false, cniArgsIp: null));

    private static Outcome<IpamConfig> Guarded(Func<IpamConfig> read)
    {
        try
        {
            return Outcome<IpamConfig>.Ok(read());
        }
        catch (FormatException ex)
        {
            return Outcome<IpamConfig>.Fail(CniErrorCode.InvalidNetworkConfig, $"invalid multi-ipam configuration: {ex.Message}");
        }
    }

    private static IpamConfig Read(JsonObject netconf, bool requests, string? cniArgsIp)
    {
        var ipam = netconf["ipam"] as JsonObject ?? throw new FormatException("\"ipam\" must be an object");
        var pools = Pools(ipam);
        var kubeconfig = Json.GetString(ipam, "kubeconfig") is { Length: > 0 } k
            ? k
            : throw new FormatException("\"ipam.kubeconfig\" is required: the path of the kubeconfig multi-ipam uses to reach the API server");
        var requested = requests ? Requested(netconf, cniArgsIp) : [];
        var journal = Json.GetString(ipam, "journalDir") ?? IpamJournal.DefaultDirectory;
        if (!Path.IsPathFullyQualified(journal))
        {
            throw new FormatException($"\"ipam.journalDir\" must be an absolute path, not \"{journal}\"");
        }

        return new IpamConfig(pools, kubeconfig, requested, journal, PoolCacheTtl(ipam)) { DaemonSocket = DaemonSocket(ipam) };
    }

    /// <summary><c>ipam.daemonSocket</c>: absolute, no NUL, lengths within <see cref="InputLimits"/>; empty counts as unset.</summary>
    private static string? DaemonSocket(JsonObject ipam)
    {
        var socket = Json.GetString(ipam, "daemonSocket");
        if (string.IsNullOrEmpty(socket))
        {
            return null;
        }

        return InputLimits.PathError(socket) is { } error ? throw new FormatException($"\"ipam.daemonSocket\" {InputLimits.Quote(socket)} is invalid: {error}")
            : !socket.StartsWith('/') ? throw new FormatException($"\"ipam.daemonSocket\" {InputLimits.Quote(socket)} must be an absolute path")
            : socket;
    }

    private static TimeSpan PoolCacheTtl(JsonObject ipam)
    {
        if (ipam["poolCacheSeconds"] is null)
        {
            return IpamConfig.DefaultPoolCacheTtl;
        }

        return ipam["poolCacheSeconds"] is JsonValue value && value.TryGetValue<double>(out var seconds) && seconds is >= 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"\"ipam.poolCacheSeconds\" must be a number of seconds from 0 to 3600, not {ipam["poolCacheSeconds"]!.ToJsonString()}");
    }

    private static ImmutableArray<string> Pools(JsonObject ipam)
    {
        var single = Json.GetString(ipam, "pool");
        var many = ipam["pools"] is null ? [] : Json.StringArray(ipam, "pools");
        if (single is not null && !many.IsEmpty)
        {
            throw new FormatException("give either \"ipam.pool\" or \"ipam.pools\", not both");
        }

        var pools = single is not null ? [single] : many;
        if (pools.IsEmpty)
        {
            throw new FormatException("\"ipam.pool\" (or \"ipam.pools\") must name at least one IPPool");
        }

        foreach (var pool in pools)
        {
            if (!KubeNames.IsDns1123Label(pool))
            {
                throw new FormatException($"pool name \"{pool}\" is not a DNS-1123 label");
            }
        }

        if (pools.Distinct(StringComparer.Ordinal).Count() != pools.Length)
        {
            throw new FormatException("\"ipam.pools\" names a pool twice");
        }

        return pools;
    }
}
