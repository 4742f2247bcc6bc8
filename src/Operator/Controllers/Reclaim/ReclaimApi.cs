using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Entities;
using Multi.Operator.Kube;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>
/// The reclaimer's uncached reads and its one write: a claim and a pod read straight from the API server, a pool's claims
/// listed page by page, and a claim deleted with UID and resource-version preconditions.
/// </summary>
internal sealed class ReclaimApi(IKubernetes client)
{
    private const string Group = IpAllocationResource.Group;
    private const string Version = IpAllocationResource.Version;
    private const string Plural = IpAllocationResource.Plural;

    public async Task<IpAllocationResource?> ReadClaimAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var obj = await client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, Plural, name, cancellationToken).ConfigureAwait(false);
            return ToClaim(obj);
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>The pod under the owner's namespace and name as the API server has it now, or null when there is none.</summary>
    public async Task<OwnerPod?> ReadPodAsync(string podNamespace, string podName, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await client.CoreV1.ReadNamespacedPodAsync(podName, podNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ReclaimCaches.AsOwner(pod);
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>Whether the node object exists now (read past every cache).</summary>
    public async Task<bool> NodeExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
            return false;
        }
    }

    /// <summary>Deletes exactly the claim that was read: same UID, same resource version, or nothing.</summary>
    public async Task<ReleaseOutcome> DeleteClaimAsync(IpAllocationResource claim, CancellationToken cancellationToken)
    {
        var preconditions = new V1Preconditions { Uid = claim.Metadata.Uid, ResourceVersion = claim.Metadata.ResourceVersion };
        try
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(
                Group, Version, Plural, claim.Metadata.Name, new V1DeleteOptions { Preconditions = preconditions }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ReleaseOutcome.Released;
        }
        catch (Exception ex) when (KubeErrors.IsConflict(ex))
        {
            return ReleaseOutcome.Changed;
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
            return ReleaseOutcome.Gone;
        }
    }

    /// <summary>A pool's claims (selected by the pool label), one page per request, read past every cache.</summary>
    public async IAsyncEnumerable<IReadOnlyList<IpAllocationResource>> ListPoolAsync(string pool, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await client.CustomObjects.ListClusterCustomObjectAsync<ClaimPage>(
                Group, Version, Plural, continueParameter: token, labelSelector: $"{IpAllocationResource.PoolLabel}={pool}", limit: pageSize,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            token = page?.Metadata?.Continue;
            var claims = page?.Claims() ?? [];
            yield return claims;
        }
        while (!string.IsNullOrEmpty(token));
    }

    private static IpAllocationResource? ToClaim(object obj) => TryClaim(AsElement(obj));

    /// <summary>A malformed claim (not an object of the claim's shape) is null: it is never judged, so never released.</summary>
    private static IpAllocationResource? TryClaim(JsonElement element)
    {
        try
        {
            var claim = KubernetesJson.Deserialize<IpAllocationResource>(element.GetRawText());
            return claim?.Metadata?.Name is { Length: > 0 } && claim.Spec?.Owner is not null ? claim : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement AsElement(object obj)
    {
        if (obj is JsonElement element)
        {
            return element;
        }

        using var document = JsonDocument.Parse(KubernetesJson.Serialize(obj));
        return document.RootElement.Clone();
    }
}
