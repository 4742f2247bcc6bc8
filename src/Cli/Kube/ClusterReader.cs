using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;

namespace Multi.Cli.Kube;

/// <summary>The reads and the one write multictl makes: pools, claims (paged), pods, and a claim's delete with preconditions.</summary>
internal sealed class ClusterReader(IKubernetes client)
{
    public const string Group = "multi.dev";
    public const string Version = "v1alpha1";
    private const int PageSize = 500;

    public async Task<IReadOnlyList<PoolEntry>> ListPoolsAsync(CancellationToken cancellationToken)
    {
        var pools = await ListAllAsync("ippools", null, cancellationToken).ConfigureAwait(false);
        return pools.Select(ToPool).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<PoolEntry?> GetPoolAsync(string name, CancellationToken cancellationToken)
    {
        var obj = await GetOrNullAsync("ippools", name, cancellationToken).ConfigureAwait(false);
        return obj is null ? null : ToPool(obj);
    }

    /// <summary>Claims labelled for one pool, or every claim when <paramref name="pool"/> is null.</summary>
    public async Task<IReadOnlyList<ClaimEntry>> ListClaimsAsync(string? pool, CancellationToken cancellationToken)
    {
        var claims = await ListAllAsync("ipallocations", pool is null ? null : $"{IpAllocationJson.PoolLabel}={pool}", cancellationToken).ConfigureAwait(false);
        return claims.Select(ToClaim).ToList();
    }

    public async Task<ClaimEntry?> GetClaimAsync(string name, CancellationToken cancellationToken)
    {
        var obj = await GetOrNullAsync("ipallocations", name, cancellationToken).ConfigureAwait(false);
        return obj is null ? null : ToClaim(obj);
    }

    /// <summary>Deletes the claim only while it is the object read: same UID, same resourceVersion.</summary>
    public Task DeleteClaimAsync(ClaimEntry claim, CancellationToken cancellationToken) =>
        client.CustomObjects.DeleteClusterCustomObjectAsync(
            Group, Version, "ipallocations", claim.Name,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = claim.Uid, ResourceVersion = claim.ResourceVersion } },
            cancellationToken: cancellationToken);

    private async Task<V1Pod?> GetPodAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The pod found under the claim owner's namespace and name, as <see cref="IpAllocationOwners.Judge"/> takes it; null when
    /// there is none, and without a read when the owner names no pod (it is then judged unidentified whatever exists).
    /// </summary>
    public async Task<OwnerPod?> GetOwnerPodAsync(IpAllocationOwner owner, CancellationToken cancellationToken) =>
        owner.PodNamespace.Length == 0 || owner.PodName.Length == 0
            ? null
            : AsOwnerPod(await GetPodAsync(owner.PodNamespace, owner.PodName, cancellationToken).ConfigureAwait(false));

    /// <summary>A pod as the owner judgement reads it: UID and phase.</summary>
    public static OwnerPod? AsOwnerPod(V1Pod? pod) => pod is null ? null : new OwnerPod(pod.Metadata?.Uid ?? string.Empty, pod.Status?.Phase);

    public async Task<IReadOnlyList<V1Pod>> ListPodsAsync(CancellationToken cancellationToken)
    {
        var pods = new List<V1Pod>();
        string? next = null;
        do
        {
            var page = await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            pods.AddRange(page.Items);
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));
        return pods;
    }

    private async Task<List<JsonObject>> ListAllAsync(string plural, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? next = null;
        do
        {
            var page = JsonNode.Parse(KubernetesJson.Serialize(await client.CustomObjects.ListClusterCustomObjectAsync(
                Group, Version, plural, continueParameter: next, labelSelector: labelSelector, limit: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false)));
            items.AddRange((page?["items"] as JsonArray ?? []).OfType<JsonObject>());
            next = (string?)page?["metadata"]?["continue"];
        }
        while (!string.IsNullOrEmpty(next));
        return items;
    }

    private async Task<JsonObject?> GetOrNullAsync(string plural, string name, CancellationToken cancellationToken)
    {
        try
        {
            var obj = await client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, plural, name, cancellationToken).ConfigureAwait(false);
            return JsonNode.Parse(KubernetesJson.Serialize(obj)) as JsonObject;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static PoolEntry ToPool(JsonObject obj)
    {
        var name = (string?)obj["metadata"]?["name"] ?? string.Empty;
        var cidr = (string?)obj["spec"]?["cidr"] ?? string.Empty;
        var parsed = IpPoolJson.Parse(name, obj);
        var layout = parsed.IsOk ? IpPoolLayout.Create(name, parsed.Value!.Spec) : default;
        return parsed.IsOk && layout.IsOk
            ? new PoolEntry(name, cidr, layout.Value, null)
            : new PoolEntry(name, cidr, null, (parsed.Error ?? layout.Error)!.Msg);
    }

    private static ClaimEntry ToClaim(JsonObject obj)
    {
        var metadata = obj["metadata"];
        var spec = obj["spec"];
        var owner = spec?["owner"];
        var created = metadata?["creationTimestamp"] is JsonValue stamp && DateTime.TryParse((string?)stamp, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTime?)null;
        return new ClaimEntry(
            (string?)metadata?["name"] ?? string.Empty,
            (string?)metadata?["uid"] ?? string.Empty,
            (string?)metadata?["resourceVersion"] ?? string.Empty,
            created,
            (string?)metadata?["labels"]?[IpAllocationJson.PoolLabel],
            new IpAllocationSpec(
                (string?)spec?["pool"] ?? string.Empty,
                (string?)spec?["address"] ?? string.Empty,
                new IpAllocationOwner(
                    (string?)owner?["podNamespace"] ?? string.Empty,
                    (string?)owner?["podName"] ?? string.Empty,
                    (string?)owner?["podUid"] ?? string.Empty,
                    (string?)owner?["containerId"] ?? string.Empty,
                    (string?)owner?["interface"] ?? string.Empty,
                    (string?)owner?["node"] ?? string.Empty),
                (string?)spec?["kind"]));
    }
}
