using Multi.Core.Ipam;
using Multi.Core.Validation;
using Multi.Operator.Entities;

namespace Multi.Operator.Webhook;

/// <summary>
/// IPPool CREATE and UPDATE (docs/ipam.md): the name, the spec (<see cref="IpPoolSpecValidator"/>: CIDR, ranges,
/// exclusions, gateway, routes, DNS, node selector) and overlaps with every other pool in the cache, through
/// <see cref="IpPoolSetValidator"/>. Problems of other pools are theirs, not this request's, and are left out.
/// </summary>
internal static class IpPoolAdmission
{
    private static readonly IpPoolSetValidator SetValidator = new();

    public static AdmissionVerdict Validate(IpPoolResource pool, WebhookCaches caches)
    {
        var name = pool.Metadata.Name ?? "";
        var candidate = new IpPool(name, pool.Spec);
        var others = IpCidr.TryParse(pool.Spec.Cidr, out var cidr, out _)
            ? caches.PoolsExcept(name).Where(p => IpCidr.TryParse(p.Spec.Cidr, out var other, out _) && other.Overlaps(cidr))
            : [];
        var problems = SetValidator.Validate([candidate, .. others]).Errors
            .Where(e => e.PropertyName == name || e.PropertyName.StartsWith(name + ".", StringComparison.Ordinal))
            .Select(e => e.ErrorMessage)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return problems.Count == 0 ? AdmissionVerdict.Allow : AdmissionVerdict.Deny($"IPPool {name} is invalid: {string.Join("; ", problems)}");
    }
}
