using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;

namespace Multi.Core.State;

/// <summary>
/// The on-disk form of a cache entry: <c>{"formatVersion":1,"checksum":"sha256 of entry","entry":{…}}</c>.
/// An entry failing the checksum or the schema is reported as an error, which callers treat as missing.
/// </summary>
public static class AttachmentCacheCodec
{
    public static byte[] Encode(AttachmentCacheEntry entry)
    {
        var body = JsonText.Write(EntryToJson(entry));
        var envelope = new JsonObject
        {
            ["formatVersion"] = AttachmentCacheEntry.FormatVersion,
            ["checksum"] = Checksum(body),
            ["entry"] = JsonNode.Parse(body),
        };
        return Encoding.UTF8.GetBytes(JsonText.Write(envelope));
    }

    public static Outcome<AttachmentCacheEntry> Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            if (Json.Parse(bytes) is not JsonObject envelope)
            {
                return Corrupt("not a JSON object");
            }

            if (Json.GetInt(envelope, "formatVersion") != AttachmentCacheEntry.FormatVersion)
            {
                return Corrupt($"format version {envelope["formatVersion"]?.ToJsonString() ?? "missing"} is not {AttachmentCacheEntry.FormatVersion}");
            }

            if (envelope["entry"] is not JsonObject entry)
            {
                return Corrupt("no entry");
            }

            if (Json.GetString(envelope, "checksum") != Checksum(JsonText.Write(entry)))
            {
                return Corrupt("checksum mismatch");
            }

            return Outcome<AttachmentCacheEntry>.Ok(EntryFromJson(entry));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or CniException)
        {
            return Corrupt(ex.Message);
        }
    }

    private static JsonObject EntryToJson(AttachmentCacheEntry e) => new()
    {
        ["networkName"] = e.NetworkName,
        ["containerId"] = e.ContainerId,
        ["ifName"] = e.IfName,
        ["netns"] = e.Netns,
        ["cniVersion"] = e.CniVersion,
        ["cniArgs"] = e.CniArgs,
        ["runtimeConfig"] = e.RuntimeConfig?.DeepClone(),
        ["attachments"] = new JsonArray(e.Attachments.Select(a => (JsonNode)AttachmentToJson(a)).ToArray()),
    };

    private static JsonObject AttachmentToJson(CachedAttachment a) => new()
    {
        ["position"] = a.Position,
        ["origin"] = a.Origin,
        ["ifName"] = a.IfName,
        ["network"] = a.Network.ToJson(),
        ["cniArgs"] = a.CniArgs,
        ["runtimeConfig"] = a.RuntimeConfig?.DeepClone(),
        ["state"] = a.State.ToString().ToLowerInvariant(),
        // Kept in the 1.1 shape with the original version beside it (cni-protocol.md, section 10): rendering in
        // the original version would lose 1.1-only fields and cannot express a legacy result without addresses.
        ["result"] = a.Result is null ? null : ResultCodec.Render(a.Result, CniVersion.Latest).Unwrap(),
        ["resultVersion"] = a.Result?.CniVersion,
    };

    private static AttachmentCacheEntry EntryFromJson(JsonObject o) => new(
        Json.RequireString(o, "networkName"),
        Json.RequireString(o, "containerId"),
        Json.RequireString(o, "ifName"),
        Json.GetString(o, "netns") ?? string.Empty,
        Json.RequireString(o, "cniVersion"),
        Json.GetString(o, "cniArgs") ?? string.Empty,
        o["runtimeConfig"] as JsonObject,
        Json.Array(o, "attachments").Select(n => AttachmentFromJson(Json.AsObject(n, "attachment"))).ToImmutableArray());

    private static CachedAttachment AttachmentFromJson(JsonObject o)
    {
        var network = NetworkConfigParser.FromNormalised(Json.AsObject(o["network"], "network")).Unwrap();
        var state = Enum.TryParse<AttachmentState>(Json.RequireString(o, "state"), ignoreCase: true, out var s)
            ? s
            : throw new FormatException($"unknown attachment state {o["state"]}");
        var result = o["result"] is JsonObject r
            ? ResultCodec.Parse(r, CniVersion.Latest).Unwrap() with { CniVersion = Json.RequireString(o, "resultVersion") }
            : null;
        return new CachedAttachment(
            Json.GetInt(o, "position") ?? throw new FormatException("\"position\" is required"),
            Json.GetString(o, "origin") ?? string.Empty,
            Json.RequireString(o, "ifName"),
            network,
            Json.GetString(o, "cniArgs") ?? string.Empty,
            o["runtimeConfig"] as JsonObject,
            state,
            result);
    }

    private static string Checksum(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    private static Outcome<AttachmentCacheEntry> Corrupt(string why) =>
        Outcome<AttachmentCacheEntry>.Fail(CniErrorCode.CacheFailure, $"cache entry is unusable: {why}");
}
