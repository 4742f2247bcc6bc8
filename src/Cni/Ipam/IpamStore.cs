using System.Text.Json.Nodes;
using Multi.Cni.Kube;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// The API calls of multi-ipam: read a pool (and this node, for a pool's node selector), list its claims by label, create a
/// claim (create-if-absent is the lock), read and delete one claim (delete conditioned on its UID). Nothing else is ever written.
/// </summary>
internal sealed class IpamStore(IKubeApi api)
{
    private const string Base = "/apis/multi.dev/v1alpha1";

    public IKubeApi Api => api;

    /// <summary>The IPPool object; null when it does not exist.</summary>
    public Task<JsonObject?> PoolAsync(string pool, CancellationToken ct) => GetOrNullAsync($"{Base}/ippools/{pool}", ct);

    /// <summary>The Node object; null when it does not exist.</summary>
    public Task<JsonObject?> NodeAsync(string node, CancellationToken ct) => GetOrNullAsync($"/api/v1/nodes/{Uri.EscapeDataString(node)}", ct);

    private async Task<JsonObject?> GetOrNullAsync(string path, CancellationToken ct)
    {
        try
        {
            return await api.GetAsync(path, ct).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Every claim of the pool, from a fresh (uncached) list by the pool label.</summary>
    public Task<List<IpAllocationClaim>> ClaimsAsync(string pool, CancellationToken ct) => ListAsync(pool, $"{IpAllocationJson.PoolLabel}={pool}", ct);

    /// <summary>The claims of one attachment in the pool (fresh list by pool and owner-hash labels, then checked on the owner fields).</summary>
    public async Task<List<IpAllocationClaim>> OwnedAsync(string pool, string containerId, string ifName, CancellationToken ct)
    {
        var selector = $"{IpAllocationJson.PoolLabel}={pool},{IpAllocationJson.OwnerLabel}={IpAllocationJson.OwnerKey(containerId, ifName)}";
        return (await ListAsync(pool, selector, ct).ConfigureAwait(false)).Where(c => c.IsOwnedBy(containerId, ifName)).ToList();
    }

    private async Task<List<IpAllocationClaim>> ListAsync(string pool, string selector, CancellationToken ct)
    {
        var list = await api.GetAsync($"{Base}/ipallocations?labelSelector={Uri.EscapeDataString(selector)}", ct).ConfigureAwait(false);
        var claims = new List<IpAllocationClaim>();
        foreach (var item in list["items"] as JsonArray ?? [])
        {
            if (item is JsonObject obj && IpAllocationJson.Parse(obj) is { } claim && claim.Pool == pool)
            {
                claims.Add(claim);
            }
        }

        return claims;
    }

    /// <summary>
    /// Creates the claim: the claim on success, null when the name is taken. A taken name after a retried request may be
    /// this very request's earlier attempt (its answer lost): it is then read back and returned when the owner is ours.
    /// </summary>
    public async Task<IpAllocationClaim?> TryCreateAsync(string pool, IpCandidate candidate, IpAllocationOwner owner, string kind, CancellationToken ct)
    {
        var answer = await api.CreateUtf8IfAbsentAsync($"{Base}/ipallocations", IpAllocationJson.ToUtf8(pool, candidate, owner, kind), ct).ConfigureAwait(false);
        if (answer.Created is { } created)
        {
            return IpAllocationJson.Created(created, pool, candidate, owner, kind) ?? throw new CniException(CniErrorCode.Internal, $"the API server answered the creation of {candidate.AllocationName} with an unreadable object");
        }

        if (answer.Attempts > 1 && await GetAsync(candidate.AllocationName, ct).ConfigureAwait(false) is { } existing && existing.IsOwnedBy(owner.ContainerId, owner.Interface))
        {
            return existing;
        }

        return null;
    }

    public async Task<IpAllocationClaim?> GetAsync(string name, CancellationToken ct) =>
        await GetOrNullAsync($"{Base}/ipallocations/{name}", ct).ConfigureAwait(false) is { } obj ? IpAllocationJson.Parse(obj) : null;

    /// <summary>Deletes exactly this claim (UID precondition). False when it is already gone or was re-created by someone else.</summary>
    public Task<bool> DeleteAsync(IpAllocationClaim claim, CancellationToken ct) => DeleteAsync(claim.Name, claim.Uid, ct);

    /// <summary>Deletes the claim <paramref name="name"/> only while its UID is <paramref name="uid"/>; false when it is gone or another object.</summary>
    public async Task<bool> DeleteAsync(string name, string uid, CancellationToken ct)
    {
        try
        {
            await api.DeleteAsync($"{Base}/ipallocations/{name}", uid, null, ct).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException ex) when (ex.IsNotFound || ex.StatusCode == 409)
        {
            return false;
        }
    }
}
