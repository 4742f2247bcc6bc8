using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Delegates;

namespace Multi.Core.State;

/// <summary>
/// Reads the per-container cache file Multus writes in its <c>cniDir</c> (named after the container ID): a JSON
/// array of its delegate records, each keeping the delegate's raw configuration in base64 under <c>Bytes</c>
/// (npwg-behaviour.md, section 12, migration). Interface names follow Multus: entry 0 gets the runtime's
/// interface, entry i its <c>ifnameRequest</c> or <c>net&lt;i&gt;</c>. Any malformed part fails the whole file.
/// </summary>
public static class MultusCacheCodec
{
    public static Outcome<ImmutableArray<MultusCacheEntry>> Parse(ReadOnlySpan<byte> file, string runtimeIfName, string inheritedVersion)
    {
        try
        {
            if (Json.Parse(file) is not JsonArray delegates || delegates.Count == 0)
            {
                return Fail("not a non-empty JSON array of delegates");
            }

            var entries = ImmutableArray.CreateBuilder<MultusCacheEntry>(delegates.Count);
            for (var i = 0; i < delegates.Count; i++)
            {
                var parsed = Entry(delegates[i], i, runtimeIfName, inheritedVersion);
                if (!parsed.IsOk)
                {
                    return Outcome<ImmutableArray<MultusCacheEntry>>.Fail(parsed.Error);
                }

                entries.Add(parsed.Value);
            }

            return Outcome<ImmutableArray<MultusCacheEntry>>.Ok(entries.MoveToImmutable());
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return Fail(ex.Message);
        }
    }

    private static Outcome<MultusCacheEntry> Entry(JsonNode? node, int position, string runtimeIfName, string inheritedVersion)
    {
        if (node is not JsonObject record || Json.GetString(record, "Bytes") is not { Length: > 0 } encoded)
        {
            return Outcome<MultusCacheEntry>.Fail(CniErrorCode.CacheFailure, $"Multus cache entry {position} has no \"Bytes\"");
        }

        var raw = Convert.FromBase64String(encoded);
        var isList = Json.Parse(raw) is JsonObject config && config.ContainsKey("plugins");
        var network = NetworkConfigParser.Parse(raw, inheritedVersion, $"Multus cache entry {position}", forceList: isList);
        if (!network.IsOk)
        {
            return Outcome<MultusCacheEntry>.Fail(network.Error);
        }

        var requested = Json.GetString(record, "ifnameRequest");
        var ifName = position == 0 ? runtimeIfName : string.IsNullOrEmpty(requested) ? $"net{position}" : requested;
        var mac = Json.GetString(record, "macRequest");
        return Outcome<MultusCacheEntry>.Ok(new MultusCacheEntry(position, ifName, network.Value, string.IsNullOrEmpty(mac) ? null : mac, Json.StringArray(record, "ipRequest")));
    }

    private static Outcome<ImmutableArray<MultusCacheEntry>> Fail(string why) =>
        Outcome<ImmutableArray<MultusCacheEntry>>.Fail(CniErrorCode.CacheFailure, $"unusable Multus cache file: {why}");
}
