using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Hashing;

namespace Multi.Core.Ipam;

/// <summary>
/// The IPAllocation contract (crds/multi.dev_ipallocations.yaml) as the plugin writes and reads it: labels, the create body and
/// the claim read back, without reflection (the plugin is published NativeAOT). Names come from <see cref="IpAllocationName"/>.
/// </summary>
public static partial class IpAllocationJson
{
    /// <summary>The claim's pool: the plugin, the operator and multictl select a pool's claims with it.</summary>
    public const string PoolLabel = "multi.dev/pool";

    /// <summary>The owner's node, when the node name is a valid label value.</summary>
    public const string NodeLabel = "multi.dev/node";

    /// <summary>A hash of (container ID, interface): lets ADD, DEL and CHECK list only this attachment's claims.</summary>
    public const string OwnerLabel = "multi.dev/owner";

    /// <summary>
    /// 40 lower-case hex digits of SHA-256(container ID, "\n", interface); a selector only: ownership is always checked on the
    /// fields. Hashed without allocating beyond the returned text.
    /// </summary>
    public static string OwnerKey(string containerId, string ifName)
    {
        var utf8 = System.Text.Encoding.UTF8;
        var length = utf8.GetByteCount(containerId) + 1 + utf8.GetByteCount(ifName);
        var input = length <= 512 ? stackalloc byte[length] : new byte[length];
        var at = utf8.GetBytes(containerId, input);
        input[at] = (byte)'\n';
        utf8.GetBytes(ifName, input[(at + 1)..]);
        Span<byte> hash = stackalloc byte[32];
        Sha256.HashData(input, hash); // the same bytes as SHA256.HashData, without OpenSSL's per-call setup
        return Convert.ToHexStringLower(hash[..20]);
    }

    /// <summary>A claim's create body up to its labels, open after the pool label (the caller adds the others).</summary>
    private static void WriteHead(Utf8JsonWriter writer, string pool, IpCandidate candidate)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, "multi.dev/v1alpha1"u8);
        writer.WriteString("kind"u8, "IPAllocation"u8);
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("name"u8, candidate.AllocationName);
        writer.WriteStartObject("labels"u8);
        writer.WriteString(PoolLabel, pool);
    }

    /// <summary>Closes the labels and the metadata and writes the spec up to its owner, left open for the caller's fields.</summary>
    private static void WriteSpecHead(Utf8JsonWriter writer, string pool, IpCandidate candidate, string kind)
    {
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("spec"u8);
        writer.WriteString("pool"u8, pool);
        writer.WriteString("address"u8, candidate.Text);
        writer.WriteString("kind"u8, kind);
        writer.WriteStartObject("owner"u8);
    }

    /// <summary>
    /// The claim's object as the body of its create: UTF-8 JSON, written without an intermediate tree. <paramref name="kind"/> is
    /// one of <see cref="IpAllocationKinds"/>.
    /// </summary>
    public static byte[] ToUtf8(string pool, IpCandidate candidate, IpAllocationOwner owner, string kind)
    {
        var buffer = new ArrayBufferWriter<byte>(768);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteHead(writer, pool, candidate);
            writer.WriteString(OwnerLabel, OwnerKey(owner.ContainerId, owner.Interface));
            if (KubeNames.IsLabelValue(owner.Node) && owner.Node.Length > 0)
            {
                writer.WriteString(NodeLabel, owner.Node);
            }

            WriteSpecHead(writer, pool, candidate, kind);
            writer.WriteString("podNamespace"u8, owner.PodNamespace);
            writer.WriteString("podName"u8, owner.PodName);
            writer.WriteString("podUid"u8, owner.PodUid);
            writer.WriteString("containerId"u8, owner.ContainerId);
            writer.WriteString("interface"u8, owner.Interface);
            writer.WriteString("node"u8, owner.Node);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The claim the API server answered a create of <paramref name="candidate"/> with: what was sent, plus the UID and creation
    /// time the server gave it. Only the answer's metadata is read (the rest is checked to be well-formed JSON, not read). Null
    /// when the answer is not a JSON object whose metadata has that name and a UID.
    /// </summary>
    public static IpAllocationClaim? Created(ReadOnlySpan<byte> answer, string pool, IpCandidate candidate, IpAllocationOwner owner, string kind)
    {
        var named = false;
        string? uid = null;
        DateTimeOffset? timestamp = null;
        try
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMetadata = reader.ValueTextEquals("metadata"u8);
                reader.Read();
                if (!isMetadata)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (isName, isUid, isTimestamp) = (reader.ValueTextEquals("name"u8), reader.ValueTextEquals("uid"u8), reader.ValueTextEquals("creationTimestamp"u8));
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        reader.Skip();
                    }
                    else if (isName)
                    {
                        named = reader.ValueTextEquals(candidate.AllocationName);
                    }
                    else if (isUid)
                    {
                        uid = reader.GetString();
                    }
                    else if (isTimestamp)
                    {
                        timestamp = Timestamp(ref reader);
                    }
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return named && uid is { Length: > 0 }
            ? new IpAllocationClaim(candidate.AllocationName, uid, pool, candidate.Address, owner, timestamp, kind)
            : null;
    }

    /// <summary>
    /// A creation time as the API server writes it (RFC 3339 in UTC, <c>…Z</c>) by the reader's ISO 8601 parser; any other text
    /// as <see cref="Timestamp(string?)"/> reads it.
    /// </summary>
    private static DateTimeOffset? Timestamp(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && reader.ValueSpan is [.., (byte)'Z'] && reader.TryGetDateTimeOffset(out var at) ? at : Timestamp(reader.GetString());

    /// <summary>Null for an object that is not a well-formed claim (it is then never touched).</summary>
    public static IpAllocationClaim? Parse(JsonObject obj)
    {
        try
        {
            var metadata = Json.AsObject(obj["metadata"], "metadata");
            var spec = Json.AsObject(obj["spec"], "spec");
            var owner = Json.AsObject(spec["owner"], "spec.owner");
            var name = Json.RequireString(metadata, "name");
            if (!IpAllocationName.TryParse(name, out var pool, out var address))
            {
                return null;
            }

            var created = CreationTimestamp(metadata);
            return new IpAllocationClaim(
                name,
                Json.RequireString(metadata, "uid"),
                pool,
                address,
                new IpAllocationOwner(
                    Json.GetString(owner, "podNamespace") ?? "",
                    Json.GetString(owner, "podName") ?? "",
                    Json.GetString(owner, "podUid") ?? "",
                    Json.GetString(owner, "containerId") ?? "",
                    Json.GetString(owner, "interface") ?? "",
                    Json.GetString(owner, "node") ?? ""),
                created,
                IpAllocationKinds.Normalize(Json.GetString(spec, "kind")),
                metadata["annotations"] is JsonObject annotations ? Timestamp(Json.GetString(annotations, BoundAtAnnotation)) : null,
                Json.GetString(metadata, "resourceVersion"));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset? CreationTimestamp(JsonObject metadata) => Timestamp(Json.GetString(metadata, "creationTimestamp"));

    private static DateTimeOffset? Timestamp(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
