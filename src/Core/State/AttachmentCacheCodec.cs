using System.Collections.Immutable;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;

namespace Multi.Core.State;

/// <summary>
/// The on-disk form of a cache entry: a base line <c>{"formatVersion":1,"checksum":"xxh3 of entry","entry":{…}}</c>
/// followed by update lines, one per delegate that finished (<see cref="EncodeUpdate"/>).
/// An entry failing the checksum or the schema is reported as an error, which callers treat as missing. The
/// checksum detects torn or damaged files, not tampering (the directory is root's, mode 0700), so a fast
/// non-cryptographic hash serves; it also keeps OpenSSL from being loaded on every CNI call.
/// </summary>
public static partial class AttachmentCacheCodec
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
        return Encoding.UTF8.GetBytes(JsonText.Write(envelope) + "\n");
    }

    /// <summary>The base line, then every intact update line in order (<see cref="ApplyUpdates"/>).</summary>
    public static Outcome<AttachmentCacheEntry> Decode(ReadOnlySpan<byte> bytes)
    {
        var newline = bytes.IndexOf((byte)'\n');
        var baseLine = newline < 0 ? bytes : bytes[..newline];
        var decoded = DecodeBase(baseLine);
        return decoded.IsOk && newline >= 0 ? Outcome<AttachmentCacheEntry>.Ok(ApplyUpdates(decoded.Value, bytes[(newline + 1)..])) : decoded;
    }

    private static Outcome<AttachmentCacheEntry> DecodeBase(ReadOnlySpan<byte> bytes)
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

    private static JsonObject AttachmentToJson(CachedAttachment a)
    {
        var o = new JsonObject
        {
            ["position"] = a.Position,
            ["origin"] = a.Origin,
            ["ifName"] = a.IfName,
            ["network"] = a.Network.ToJson(),
            ["cniArgs"] = a.CniArgs,
            ["runtimeConfig"] = a.RuntimeConfig?.DeepClone(),
            ["state"] = StateName(a.State),
            ["result"] = ResultToJson(a.Result),
            ["resultVersion"] = a.Result?.CniVersion,
        };
        Json.SetIfPresent(o, "deviceId", a.DeviceId);
        Json.SetIfPresent(o, "resourceName", a.ResourceName);
        Json.SetIfPresent(o, "deviceInfoFile", a.DeviceInfoFile);
        return o;
    }

    // Switches rather than Enum.ToString/TryParse, which read reflection metadata under NativeAOT.
    private static string StateName(AttachmentState state) => state switch
    {
        AttachmentState.Pending => "pending",
        AttachmentState.Added => "added",
        AttachmentState.Deleted => "deleted",
        AttachmentState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    private static AttachmentState StateFromJson(JsonObject o) => Json.RequireString(o, "state") switch
    {
        "pending" => AttachmentState.Pending,
        "added" => AttachmentState.Added,
        "deleted" => AttachmentState.Deleted,
        "failed" => AttachmentState.Failed,
        var other => throw new FormatException($"unknown attachment state \"{other}\""),
    };

    /// <summary>
    /// Kept in the 1.1 shape with the original version beside it (cni-protocol.md, section 10): rendering in the
    /// original version would lose 1.1-only fields and cannot express a legacy result without addresses.
    /// </summary>
    private static JsonObject? ResultToJson(CniResult? result) => result is null ? null : ResultCodec.Render(result, CniVersion.Latest).Unwrap();

    private static CniResult? ResultFromJson(JsonObject o) => o["result"] is JsonObject r
        ? ResultCodec.Parse(r, CniVersion.Latest).Unwrap() with { CniVersion = Json.RequireString(o, "resultVersion") }
        : null;

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
        return new CachedAttachment(
            Json.GetInt(o, "position") ?? throw new FormatException("\"position\" is required"),
            Json.GetString(o, "origin") ?? string.Empty,
            Json.RequireString(o, "ifName"),
            network,
            Json.GetString(o, "cniArgs") ?? string.Empty,
            o["runtimeConfig"] as JsonObject,
            StateFromJson(o),
            ResultFromJson(o),
            Json.GetString(o, "deviceId"),
            Json.GetString(o, "resourceName"),
            Json.GetString(o, "deviceInfoFile"));
    }

    internal static string Checksum(string body) => Convert.ToHexStringLower(XxHash3.Hash(Encoding.UTF8.GetBytes(body)));

    private static Outcome<AttachmentCacheEntry> Corrupt(string why) =>
        Outcome<AttachmentCacheEntry>.Fail(CniErrorCode.CacheFailure, $"cache entry is unusable: {why}");
}
