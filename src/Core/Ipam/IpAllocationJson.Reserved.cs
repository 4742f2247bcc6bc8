using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Ipam;

/// <summary>
/// Node-reserved claims (ipam-requirements section 4, "Node reservation"): the create body of a claim a node holds for itself,
/// and the merge patch that binds one to an attachment, turning it into the claim a fresh create would have made.
/// </summary>
public static partial class IpAllocationJson
{
    /// <summary>When a node-reserved claim was bound to its owner (RFC 3339, UTC): grace periods count from it, not from creation.</summary>
    public const string BoundAtAnnotation = "multi.dev/bound-at";

    /// <summary>
    /// The create body of a node-reserved claim of <paramref name="node"/>: labelled with the pool and the node (no owner label:
    /// it belongs to no attachment), kind <see cref="IpAllocationKinds.NodeReserved"/>, an owner naming only the node.
    /// </summary>
    public static byte[] ReservedUtf8(string pool, IpCandidate candidate, string node)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteHead(writer, pool, candidate);
            writer.WriteString(NodeLabel, node);
            WriteSpecHead(writer, pool, candidate, IpAllocationKinds.NodeReserved);
            foreach (var field in (ReadOnlySpan<string>)["podNamespace", "podName", "podUid", "containerId", "interface"])
            {
                writer.WriteString(field, "");
            }

            writer.WriteString("node"u8, node);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The JSON merge patch binding the reserved claim <paramref name="reserved"/> to <paramref name="owner"/>, conditioned on its
    /// UID and resource version (a changed or re-created claim answers 409): the owner label, kind <see cref="IpAllocationKinds.Dynamic"/>
    /// and the owner, as a fresh create writes them, plus <see cref="BoundAtAnnotation"/>.
    /// </summary>
    public static JsonObject BindPatch(IpAllocationClaim reserved, IpAllocationOwner owner, DateTimeOffset boundAt)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        ArgumentNullException.ThrowIfNull(owner);
        if (reserved.ResourceVersion is not { Length: > 0 } version)
        {
            throw new ArgumentException($"claim {reserved.Name} has no resource version: a bind must be conditioned on one", nameof(reserved));
        }

        var labels = new JsonObject { [OwnerLabel] = OwnerKey(owner.ContainerId, owner.Interface) };
        if (KubeNames.IsLabelValue(owner.Node) && owner.Node.Length > 0)
        {
            labels[NodeLabel] = owner.Node;
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["uid"] = reserved.Uid,
                ["resourceVersion"] = version,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { [BoundAtAnnotation] = boundAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) },
            },
            ["spec"] = new JsonObject
            {
                ["kind"] = IpAllocationKinds.Dynamic,
                ["owner"] = new JsonObject
                {
                    ["podNamespace"] = owner.PodNamespace,
                    ["podName"] = owner.PodName,
                    ["podUid"] = owner.PodUid,
                    ["containerId"] = owner.ContainerId,
                    ["interface"] = owner.Interface,
                    ["node"] = owner.Node,
                },
            },
        };
    }
}
