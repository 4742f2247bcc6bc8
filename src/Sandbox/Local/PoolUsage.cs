using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Multi.Core.Ipam;

namespace Multi.Sandbox.Local;

/// <summary>
/// One IPPool's usage as the sandbox computes it from the API: capacity from the pool's layout, allocated = the
/// IPAllocation claims labelled <c>multi.dev/pool=&lt;pool&gt;</c>, free = the difference. The IPPool status
/// (<c>status.capacity/allocated/free</c>), written by the operator's IPPool status controller, is not read here yet;
/// a pool whose spec is unusable shows why instead of numbers.
/// </summary>
internal sealed record PoolUsage(string Name, string Cidr, string? Capacity, int Allocated, string? Free, string? Problem)
{
    public const string Group = "multi.dev";

    public const string Version = "v1alpha1";

    public const string PoolLabel = "multi.dev/pool";

    /// <summary>Every IPPool with its claims counted; one list of pools, one labelled list of claims per pool.</summary>
    public static async Task<IReadOnlyList<PoolUsage>> ReadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var pools = Items(await client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, "ippools", cancellationToken: cancellationToken).ConfigureAwait(false));
        var result = new List<PoolUsage>();
        foreach (var pool in pools.OrderBy(p => NameOf(p), StringComparer.Ordinal))
        {
            var name = NameOf(pool);
            var claims = Items(await client.CustomObjects.ListClusterCustomObjectAsync(
                Group, Version, "ipallocations", labelSelector: $"{PoolLabel}={name}", cancellationToken: cancellationToken).ConfigureAwait(false));
            result.Add(From(name, pool, claims.Count));
        }

        return result;
    }

    /// <summary>Every IPAllocation left in the cluster, as <c>name (pool)</c>.</summary>
    public static async Task<IReadOnlyList<string>> ListAllocationsAsync(IKubernetes client, CancellationToken cancellationToken) =>
        Items(await client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, "ipallocations", cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(a => $"{NameOf(a)} (pool {(string?)a["metadata"]?["labels"]?[PoolLabel] ?? "?"})")
            .ToList();

    /// <summary>The usage of one pool object given its claim count.</summary>
    public static PoolUsage From(string name, JsonObject pool, int allocated)
    {
        var cidr = (string?)pool["spec"]?["cidr"] ?? string.Empty;
        var parsed = IpPoolJson.Parse(name, pool);
        var layout = parsed.IsOk ? IpPoolLayout.Create(name, parsed.Value!.Spec) : default;
        if (!parsed.IsOk || !layout.IsOk)
        {
            return new PoolUsage(name, cidr, null, allocated, null, (parsed.Error ?? layout.Error)!.Msg);
        }

        var capacity = layout.Value!.Capacity;
        var taken = (UInt128)allocated;
        var free = capacity > taken ? capacity - taken : UInt128.Zero;
        return new PoolUsage(name, cidr, layout.Value.CapacityText, allocated, free.ToString(CultureInfo.InvariantCulture), null);
    }

    private static List<JsonObject> Items(object list) =>
        (JsonNode.Parse(KubernetesJson.Serialize(list))?["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    private static string NameOf(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? string.Empty;
}
