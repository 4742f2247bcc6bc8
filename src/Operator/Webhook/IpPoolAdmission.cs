using Multi.Core.Ipam;
using Multi.Core.Validation;
using Multi.Operator.Entities;

namespace Multi.Operator.Webhook;

/// <summary>
/// IPPool CREATE and UPDATE (docs/ipam.md): the name, the spec (<see cref="IpPoolSpecValidator"/>: CIDR, ranges,
/// exclusions, gateway, routes, DNS, node selector) through <see cref="IpPoolSetValidator"/>, and overlaps with every
/// other pool in the cache (<see cref="IpPoolOverlaps"/>, the set validator's rule). Problems of other pools are theirs,
/// not this request's, and are left out.
/// </summary>
internal static class IpPoolAdmission
{
    private static readonly IpPoolSetValidator SetValidator = new();

    public static AdmissionVerdict Validate(IpPoolResource pool, WebhookCaches caches)
    {
        var name = pool.Metadata.Name ?? "";
        if (pool.Spec is null)
        {
            return AdmissionVerdict.Deny($"IPPool {name} is invalid: spec is required");
        }

        var candidate = new IpPool(name, pool.Spec);
        var problems = SetValidator.Validate([candidate]).Errors.Select(e => e.ErrorMessage).ToList();
        if (IpCidr.TryParse(pool.Spec.Cidr, out var cidr, out _))
        {
            // The candidate comes first, so every pair it is part of names it first; pairs of two other pools are theirs.
            var overlapping = caches.PoolsExcept(name).Where(p => IpCidr.TryParse(p.Spec.Cidr, out var other, out _) && other.Overlaps(cidr));
            problems.AddRange(IpPoolOverlaps.Find([candidate, .. overlapping]).Where(o => o.First == name).Select(o => o.Message));
        }

        return problems.Count == 0 ? AdmissionVerdict.Allow : AdmissionVerdict.Deny($"IPPool {name} is invalid: {string.Join("; ", problems)}");
    }
}
