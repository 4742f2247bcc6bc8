using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.MetaPlugin.Ipam;

/// <summary>Reads <see cref="IpamConfig"/> from the network configuration; every problem is code 7 naming the key.</summary>
internal static class IpamConfigParser
{
    public static Outcome<IpamConfig> Parse(JsonObject netconf)
    {
        try
        {
            return Outcome<IpamConfig>.Ok(Read(netconf));
        }
        catch (FormatException ex)
        {
            return Outcome<IpamConfig>.Fail(CniErrorCode.InvalidNetworkConfig, $"invalid multi-ipam configuration: {ex.Message}");
        }
    }

    private static IpamConfig Read(JsonObject netconf)
    {
        var ipam = netconf["ipam"] as JsonObject ?? throw new FormatException("\"ipam\" must be an object");
        var pools = Pools(ipam);
        var kubeconfig = Json.GetString(ipam, "kubeconfig") is { Length: > 0 } k
            ? k
            : throw new FormatException("\"ipam.kubeconfig\" is required: the path of the kubeconfig multi-ipam uses to reach the API server");
        var requested = netconf["runtimeConfig"] is JsonObject runtime ? Requested(runtime) : [];
        var journal = Json.GetString(ipam, "journalDir") ?? IpamJournal.DefaultDirectory;
        if (!Path.IsPathFullyQualified(journal))
        {
            throw new FormatException($"\"ipam.journalDir\" must be an absolute path, not \"{journal}\"");
        }

        return new IpamConfig(pools, kubeconfig, requested, journal, PoolCacheTtl(ipam));
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

    private static ImmutableArray<IpamRequestedAddress> Requested(JsonObject runtime)
    {
        var result = ImmutableArray.CreateBuilder<IpamRequestedAddress>();
        foreach (var text in Json.StringArray(runtime, "ips"))
        {
            if (!IpText.TryParseAddressOrCidr(text, out var address, out var prefix))
            {
                throw new FormatException($"\"runtimeConfig.ips\" entry \"{text}\" is not an address or CIDR");
            }

            result.Add(new IpamRequestedAddress(address, prefix, text));
        }

        return result.ToImmutable();
    }
}
