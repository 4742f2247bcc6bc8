using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>
/// The IPPool a network declares inline: named as the network, owned by it through a controller owner reference (both
/// are cluster-scoped, so garbage collection removes it with the network), kept equal to the declared spec. A pool of
/// that name owned by anything else is a conflict and is never touched. Referenced pools are only checked.
/// </summary>
internal sealed class OwnedPools(IKubernetes client, IReadOnlyStore<IpPoolResource> pools)
{
    /// <summary>Null when the pool is in place, else why it cannot be.</summary>
    public async Task<string?> EnsureAsync(ClusterNetwork network, IpPoolSpec spec, CancellationToken cancellationToken)
    {
        var name = network.Metadata.Name;
        var existing = pools.Get(new(null, name));
        if (existing is null)
        {
            var pool = new IpPoolResource { Metadata = new V1ObjectMeta { Name = name, OwnerReferences = [OwnerOf(network)] }, Spec = spec };
            await client.CustomObjects.CreateClusterCustomObjectAsync(
                pool, IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
            return null;
        }

        var owner = existing.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        if (owner is null || owner.Kind != ClusterNetwork.KindName || owner.Name != name)
        {
            return $"IPPool \"{name}\" exists and is not owned by this ClusterNetwork; rename the network or delete the pool";
        }

        if (owner.Uid == network.Metadata.Uid && SameSpec(existing.Spec, spec))
        {
            return null;
        }

        // A different spec, or a pool left by a deleted network of the same name: take it over with the declared spec.
        var updated = new IpPoolResource
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                ResourceVersion = existing.Metadata.ResourceVersion,
                Uid = existing.Metadata.Uid,
                Labels = existing.Metadata.Labels,
                Annotations = existing.Metadata.Annotations,
                Finalizers = existing.Metadata.Finalizers,
                OwnerReferences = [OwnerOf(network)],
            },
            Spec = spec,
        };
        await client.CustomObjects.ReplaceClusterCustomObjectAsync(
            updated, IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Deletes the pool this network owns, if any (garbage collection would too; the embedded server has none).</summary>
    public async Task DeleteAsync(ClusterNetwork network, CancellationToken cancellationToken)
    {
        var existing = pools.Get(new(null, network.Metadata.Name));
        if (existing?.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == network.Metadata.Uid) != true)
        {
            return;
        }

        try
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(
                IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, existing.Metadata.Name,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = existing.Metadata.Uid } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
        }
    }

    public string? CheckReference(string poolName) =>
        pools.Get(new(null, poolName)) is null ? $"IPPool \"{poolName}\" named by ipam.poolRef does not exist" : null;

    private static V1OwnerReference OwnerOf(ClusterNetwork network) => new()
    {
        ApiVersion = ClusterNetwork.GroupVersion,
        Kind = ClusterNetwork.KindName,
        Name = network.Metadata.Name,
        Uid = network.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    private static bool SameSpec(IpPoolSpec a, IpPoolSpec b) =>
        JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(a)), JsonNode.Parse(KubernetesJson.Serialize(b)));
}
