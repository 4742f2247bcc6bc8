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

    /// <summary>40 lower-case hex digits of SHA-256(container ID, interface); a selector only: ownership is always checked on the fields.</summary>
    public static string OwnerKey(string containerId, string ifName) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{containerId}\n{ifName}")))[..40];

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

            var created = Json.GetString(metadata, "creationTimestamp") is { } ts
                && DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
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
}
