using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Multi.Core.Ipam;

namespace Multi.Sandbox.Local;

/// <summary>
/// One IPPool's usage as its status says it: capacity, allocated and free are what the operator's IPPool status
/// controller wrote (<c>status.capacity/allocated/free</c>), not computed here. The sandbox only checks that the status
/// is current (written for the pool's generation, and counting as many claims as the API holds) and waits a little
/// for it when it is not; a pool whose spec is unusable shows the controller's Ready message instead of numbers.
/// </summary>
internal sealed record PoolUsage(string Name, string Cidr, string? Capacity, int Allocated, string? Free, string? Problem)
{
    public const string Group = "multi.dev";

    public const string Version = "v1alpha1";

    public const string PoolLabel = IpAllocationJson.PoolLabel;

    /// <summary>How long a read waits for the operator to bring a pool's status up to date.</summary>
    public static readonly TimeSpan StatusWait = TimeSpan.FromSeconds(10);

    /// <summary>Every IPPool's status, waiting (bounded) until each is current; one labelled list of claims per pool.</summary>
    public static async Task<IReadOnlyList<PoolUsage>> ReadAsync(IKubernetes client, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + StatusWait;
        while (true)
        {
            var (usages, current) = await ReadOnceAsync(client, cancellationToken).ConfigureAwait(false);
            if (current || time.GetUtcNow() >= deadline)
            {
                return usages;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every IPAllocation left in the cluster, as <c>name (pool)</c>.</summary>
    public static async Task<IReadOnlyList<string>> ListAllocationsAsync(IKubernetes client, CancellationToken cancellationToken) =>
        Items(await client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, "ipallocations", cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(a => $"{NameOf(a)} (pool {(string?)a["metadata"]?["labels"]?[PoolLabel] ?? "?"})")
            .ToList();

    /// <summary>The usage a pool object's status gives, and whether that status is current for <paramref name="claims"/>.</summary>
    public static (PoolUsage Usage, bool Current) From(string name, JsonObject pool, int claims)
    {
        var cidr = (string?)pool["spec"]?["cidr"] ?? string.Empty;
        var status = pool["status"] as JsonObject;
        var generation = (long?)pool["metadata"]?["generation"];
        if (status?["capacity"] is null)
        {
            return (new PoolUsage(name, cidr, null, 0, null, "no status yet (the operator's IPPool status controller writes it)"), false);
        }

        var observed = (long?)status["observedGeneration"];
        var allocated = (int?)status["allocated"] ?? 0;
        var ready = (status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        var problem = (string?)ready?["status"] == "False" ? (string?)ready["message"] ?? "not ready" : null;
        var usage = new PoolUsage(name, cidr, (string?)status["capacity"], allocated, (string?)status["free"], problem);
        return (usage, observed == generation && (problem is not null || allocated == claims));
    }

    private static async Task<(IReadOnlyList<PoolUsage> Usages, bool Current)> ReadOnceAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var pools = Items(await client.CustomObjects.ListClusterCustomObjectAsync(Group, Version, "ippools", cancellationToken: cancellationToken).ConfigureAwait(false));
        var result = new List<PoolUsage>();
        var current = true;
        foreach (var pool in pools.OrderBy(p => NameOf(p), StringComparer.Ordinal))
        {
            var name = NameOf(pool);
            var claims = Items(await client.CustomObjects.ListClusterCustomObjectAsync(
                Group, Version, "ipallocations", labelSelector: $"{PoolLabel}={name}", cancellationToken: cancellationToken).ConfigureAwait(false));
            var (usage, isCurrent) = From(name, pool, claims.Count);
            result.Add(usage);
            current &= isCurrent;
        }

        return (result, current);
    }

    /// <summary>One pool's usage from its status, and whether that status is current (one read of the pool and its claims, no wait).</summary>
    public static async Task<(PoolUsage Usage, bool Current)> ReadOneAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        var pool = JsonNode.Parse(KubernetesJson.Serialize(
            await client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, "ippools", name, cancellationToken).ConfigureAwait(false))) as JsonObject ?? [];
        var claims = Items(await client.CustomObjects.ListClusterCustomObjectAsync(
            Group, Version, "ipallocations", labelSelector: $"{PoolLabel}={name}", cancellationToken: cancellationToken).ConfigureAwait(false));
        return From(name, pool, claims.Count);
    }

    public static List<JsonObject> Items(object list) =>
        (JsonNode.Parse(KubernetesJson.Serialize(list))?["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    public static string NameOf(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? string.Empty;
}
