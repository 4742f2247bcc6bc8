using k8s.Models;
using Multi.Core.Ipam;
using Multi.Operator.Entities;

namespace Multi.Operator.Controllers;

/// <summary>
/// The claims informer's transform: a claim reduced to what the pool status controller and reclaim read (name, UID,
/// resource version, creation time, the pool label, the spec), with the values many claims repeat (pool, namespace,
/// node, interface, kind) shared rather than held once per claim. A cluster has as many claims as attachments, so this
/// is most of the manager's cache. One instance per informer; used only on that informer's loop.
/// </summary>
internal sealed class ClaimCacheEntry
{
    private readonly Dictionary<string, string> shared = new(StringComparer.Ordinal);

    public object Trim(object obj)
    {
        if (obj is not IpAllocationResource claim)
        {
            return obj;
        }

        var meta = claim.Metadata;
        var pool = meta?.Labels?.TryGetValue(IpAllocationJson.PoolLabel, out var label) == true ? Share(label) : null;
        var spec = claim.Spec;
        var owner = spec?.Owner;
        return new IpAllocationResource
        {
            Metadata = new V1ObjectMeta
            {
                Name = meta?.Name,
                Uid = meta?.Uid,
                ResourceVersion = meta?.ResourceVersion,
                CreationTimestamp = meta?.CreationTimestamp,
                DeletionTimestamp = meta?.DeletionTimestamp,
                Labels = pool is null ? null : new Dictionary<string, string>(1, StringComparer.Ordinal) { [IpAllocationJson.PoolLabel] = pool },
            },
            Spec = spec is null
                ? null!
                : new IpAllocationSpec(
                    Share(spec.Pool),
                    spec.Address,
                    owner is null
                        ? null!
                        : new IpAllocationOwner(Share(owner.PodNamespace), owner.PodName, owner.PodUid, owner.ContainerId, Share(owner.Interface), Share(owner.Node)),
                    spec.Kind is null ? null : Share(spec.Kind)),
        };
    }

    private string Share(string? value)
    {
        if (value is null)
        {
            return null!;
        }

        if (!shared.TryGetValue(value, out var one))
        {
            if (shared.Count >= 65536)
            {
                shared.Clear(); // a bound, not a cache policy: values repeat, so the set refills with the common ones
            }

            shared[value] = one = value;
        }

        return one;
    }
}
