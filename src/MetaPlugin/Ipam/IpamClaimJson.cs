using System.Globalization;
using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Core.Ipam;

namespace Multi.MetaPlugin.Ipam;

/// <summary>IPAllocation objects (crds/multi.dev_ipallocations.yaml) to and from JSON, without reflection.</summary>
internal static class IpamClaimJson
{
    public const string PoolLabel = "multi.dev/pool";
    public const string NodeLabel = "multi.dev/node";

    /// <summary>A hash of (container ID, interface): lets ADD, DEL and CHECK list only this attachment's claims.</summary>
    public const string OwnerLabel = "multi.dev/owner";

    private static OwnerKeyMemo? lastOwnerKey;

    /// <summary>
    /// 40 lower-case hex digits of SHA-256(container ID, "\n", interface); a selector only: ownership is always checked on the
    /// fields. One invocation needs it several times (journal shard and key, claim label): the last one is remembered.
    /// </summary>
    public static string OwnerKey(string containerId, string ifName)
    {
        if (lastOwnerKey is { } memo && memo.ContainerId == containerId && memo.Interface == ifName)
        {
            return memo.Key;
        }

        var utf8 = System.Text.Encoding.UTF8;
        var length = utf8.GetByteCount(containerId) + 1 + utf8.GetByteCount(ifName);
        var input = length <= 512 ? stackalloc byte[length] : new byte[length];
        var at = utf8.GetBytes(containerId, input);
        input[at] = (byte)'\n';
        utf8.GetBytes(ifName, input[(at + 1)..]);
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(input, hash);
        var key = Convert.ToHexStringLower(hash[..20]);
        lastOwnerKey = new OwnerKeyMemo(containerId, ifName, key);
        return key;
    }

    public static JsonObject ToObject(string pool, IpCandidate candidate, IpAllocationOwner owner)
    {
        var labels = new JsonObject { [PoolLabel] = pool, [OwnerLabel] = OwnerKey(owner.ContainerId, owner.Interface) };
        if (KubeNames.IsLabelValue(owner.Node) && owner.Node.Length > 0)
        {
            labels[NodeLabel] = owner.Node;
        }

        return new JsonObject
        {
            ["apiVersion"] = "multi.dev/v1alpha1",
            ["kind"] = "IPAllocation",
            ["metadata"] = new JsonObject { ["name"] = candidate.AllocationName, ["labels"] = labels },
            ["spec"] = new JsonObject
            {
                ["pool"] = pool,
                ["address"] = candidate.Text,
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

    /// <summary>
    /// The claim the API server answered a create of <paramref name="candidate"/> with: what was sent, plus the UID and creation
    /// time the server gave it (only its metadata is read). Null when the answer is not an object of that name with a UID.
    /// </summary>
    public static IpamClaim? Created(JsonObject created, string pool, IpCandidate candidate, IpAllocationOwner owner)
    {
        try
        {
            var metadata = Json.AsObject(created["metadata"], "metadata");
            return Json.GetString(metadata, "name") == candidate.AllocationName && Json.GetString(metadata, "uid") is { Length: > 0 } uid
                ? new IpamClaim(candidate.AllocationName, uid, pool, candidate.Address, owner, CreationTimestamp(metadata))
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Null for an object that is not a well-formed claim (it is then never touched).</summary>
    public static IpamClaim? Parse(JsonObject obj)
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
            return new IpamClaim(
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
                created);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset? CreationTimestamp(JsonObject metadata) =>
        Json.GetString(metadata, "creationTimestamp") is { } ts
        && DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private sealed record OwnerKeyMemo(string ContainerId, string Interface, string Key);
}
