using System.Text.Json.Nodes;
using Multi.Cni.Kube;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// The API calls of multi-ipam: read a pool (and this node, for a pool's node selector), list its claims by label, create a
/// claim (create-if-absent is the lock), read and delete one claim (delete conditioned on its UID); for the node daemon's
/// reservations, create, list, bind (one conditioned merge patch) and return node-reserved claims. Nothing else is ever written.
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

    /// <summary>
    /// Binds the node-reserved claim <paramref name="reserved"/> to <paramref name="owner"/> with one merge patch conditioned on its
    /// UID and resource version: the bound claim, or null when it changed or is gone (409, 404). A conflict after a retried request
    /// may be this very bind applied with its answer lost: the claim is then read back and returned when the owner is ours.
    /// </summary>
    public async Task<IpAllocationClaim?> TryBindAsync(IpAllocationClaim reserved, IpAllocationOwner owner, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            var answer = await api.PatchAsync($"{Base}/ipallocations/{reserved.Name}", "application/merge-patch+json", IpAllocationJson.BindPatch(reserved, owner, at), ct).ConfigureAwait(false);
            return IpAllocationJson.Parse(answer) ?? throw new CniException(CniErrorCode.Internal, $"the API server answered the bind of {reserved.Name} with an unreadable object");
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
        catch (KubeApiException ex) when (ex.StatusCode == 409)
        {
            return await GetAsync(reserved.Name, ct).ConfigureAwait(false) is { } current && current.Uid == reserved.Uid && current.IsOwnedBy(owner.ContainerId, owner.Interface)
                ? current
                : null;
        }
    }

    /// <summary>Creates a node-reserved claim of <paramref name="node"/>: the claim (with its resource version), or null when the name is taken by another.</summary>
    public async Task<IpAllocationClaim?> TryReserveAsync(string pool, IpCandidate candidate, string node, CancellationToken ct)
    {
        var answer = await api.CreateUtf8IfAbsentAsync($"{Base}/ipallocations", IpAllocationJson.ReservedUtf8(pool, candidate, node), ct).ConfigureAwait(false);
        if (answer.Created is not { } created)
        {
            // A taken name after a retried request may be this very reservation (its answer lost): then it is ours to keep.
            return answer.Attempts > 1 && await GetAsync(candidate.AllocationName, ct).ConfigureAwait(false) is { Kind: IpAllocationKinds.NodeReserved } existing
                && existing.Owner.Node == node && existing.Owner.ContainerId.Length == 0
                ? existing
                : null;
        }

        return JsonNode.Parse(created) is JsonObject obj && IpAllocationJson.Parse(obj) is { } claim
            ? claim
            : throw new CniException(CniErrorCode.Internal, $"the API server answered the creation of {candidate.AllocationName} with an unreadable object");
    }

    /// <summary>The node-reserved claims of <paramref name="node"/> (fresh list by the node label, checked on kind and owner).</summary>
    public async Task<List<IpAllocationClaim>> ReservedAsync(string node, CancellationToken ct)
    {
        var selector = $"{IpAllocationJson.NodeLabel}={node}";
        var list = await api.GetAsync($"{Base}/ipallocations?labelSelector={Uri.EscapeDataString(selector)}", ct).ConfigureAwait(false);
        var claims = new List<IpAllocationClaim>();
        foreach (var item in list["items"] as JsonArray ?? [])
        {
            if (item is JsonObject obj && IpAllocationJson.Parse(obj) is { Kind: IpAllocationKinds.NodeReserved } claim && claim.Owner.Node == node && claim.Owner.ContainerId.Length == 0)
            {
                claims.Add(claim);
            }
        }

        return claims;
    }

    /// <summary>Deletes a node-reserved claim only while it is unchanged (UID and resource version); false when it is gone or changed.</summary>
    public async Task<bool> ReturnAsync(IpAllocationClaim reserved, CancellationToken ct)
    {
        try
        {
            await api.DeleteAsync($"{Base}/ipallocations/{reserved.Name}", reserved.Uid, reserved.ResourceVersion, ct).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException ex) when (ex.IsNotFound || ex.StatusCode == 409)
        {
            return false;
        }
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
