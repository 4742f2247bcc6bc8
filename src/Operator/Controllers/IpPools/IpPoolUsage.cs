using System.Globalization;
using Multi.Core.Annotations;
using Multi.Core.Ipam;
using Multi.Core.Validation;
using Multi.Operator.Controllers.ClusterNetworks;

namespace Multi.Operator.Controllers.IpPools;

/// <summary>
/// A pool's usage and conditions, derived from its spec, the addresses its claims hold and the other pools. Pure: the
/// same inputs give the same status, so the status can always be rebuilt from the API and never feeds allocation.
/// </summary>
internal sealed record IpPoolUsage(string Family, UInt128 Capacity, UInt128 Allocated, IReadOnlyList<Condition> Conditions)
{
    public const string Exhausted = "Exhausted";

    private static readonly IpPoolSpecValidator SpecValidator = new();

    public UInt128 Free => Capacity - Allocated;

    public string CapacityText => Capacity.ToString(CultureInfo.InvariantCulture);

    public string FreeText => Free.ToString(CultureInfo.InvariantCulture);

    /// <summary>At or above 90 % of the capacity in use (never for an empty capacity).</summary>
    public bool NearlyFull => Capacity > 0 && Allocated * 10 >= Capacity * 9;

    public bool IsExhausted => Capacity > 0 && Free == 0;

    /// <summary>
    /// Derives the usage of <paramref name="pool"/>. <paramref name="claimedAddresses"/> are the addresses of the claims
    /// labelled with the pool; those that do not parse or fall outside the allocatable addresses are not counted, and an
    /// address claimed twice counts once. <paramref name="allPools"/> may include the pool itself.
    /// </summary>
    public static IpPoolUsage Derive(IpPool pool, IEnumerable<string> claimedAddresses, IEnumerable<IpPool> allPools)
    {
        var family = IpCidr.TryParse(pool.Spec.Cidr, out var cidr, out _) ? (cidr.IsV6 ? "ipv6" : "ipv4") : "unknown";
        var overlaps = IpPoolOverlaps.Find([pool, .. allPools.Where(p => p.Name != pool.Name)])
            .Where(o => o.First == pool.Name)
            .Select(o => o.Message)
            .ToList();
        var errors = SpecValidator.Validate(pool.Spec).Errors.Select(e => e.ErrorMessage).ToList();
        var built = IpPoolLayout.Create(pool.Name, pool.Spec);
        if (errors.Count > 0 || !built.IsOk)
        {
            var invalid = errors.Count > 0 ? string.Join("; ", errors) : built.Error!.Msg;
            return new IpPoolUsage(family, 0, 0,
            [
                new(Condition.Ready, false, "InvalidSpec", invalid),
                new(Exhausted, false, "InvalidSpec", "no address can be allocated while the spec is invalid"),
                new(Condition.Degraded, true, "InvalidSpec", overlaps.Count == 0 ? invalid : $"{invalid}; {string.Join("; ", overlaps)}"),
            ]);
        }

        var layout = built.Value!;
        var held = new HashSet<UInt128>();
        foreach (var text in claimedAddresses)
        {
            if (IpText.TryParseAddress(text, out var address) && layout.TryIndexOf(address, out var index))
            {
                held.Add(index);
            }
        }

        var allocated = (UInt128)held.Count;
        var free = layout.Capacity - allocated;
        return new IpPoolUsage(family, layout.Capacity, allocated,
        [
            new(Condition.Ready, true, "Valid", "the spec is valid"),
            free == 0
                ? new(Exhausted, true, "NoFreeAddress", $"all {layout.CapacityText} addresses are allocated")
                : new(Exhausted, false, "AddressesFree", $"{free.ToString(CultureInfo.InvariantCulture)} of {layout.CapacityText} addresses are free"),
            overlaps.Count == 0
                ? new(Condition.Degraded, false, "AsExpected", "the spec is valid and overlaps no other pool")
                : new(Condition.Degraded, true, "Overlap", string.Join("; ", overlaps)),
        ]);
    }
}
