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

    /// <summary>Distinct addresses held by node-reserved claims inside the layout; they are also counted in <see cref="Allocated"/>.</summary>
    public UInt128 NodeReserved { get; init; }

    /// <summary>
    /// Derives the usage of <paramref name="pool"/>. <paramref name="claims"/> are the specs of the claims labelled with the
    /// pool; addresses that do not parse or fall outside the allocatable addresses are not counted, and an address claimed
    /// twice counts once. Node-reserved claims count as allocated and, besides, as node-reserved. <paramref name="allPools"/>
    /// may include the pool itself.
    /// </summary>
    public static IpPoolUsage Derive(IpPool pool, IEnumerable<IpAllocationSpec> claims, IEnumerable<IpPool> allPools)
    {
        var parsed = IpCidr.TryParse(pool.Spec.Cidr, out var cidr, out _);
        var family = !parsed ? "unknown" : cidr!.IsV6 ? "ipv6" : "ipv4";
        var overlaps = parsed ? Overlaps(pool.Name, cidr!, allPools) : [];
        var errors = SpecValidator.Validate(pool.Spec).Errors.Select(e => e.ErrorMessage).ToList();
        var built = IpPoolLayout.Create(pool.Name, pool.Spec);
        if (errors.Count > 0 || !built.IsOk)
        {
            return Invalid(family, errors.Count > 0 ? string.Join("; ", errors) : built.Error!.Msg, overlaps);
        }

        var layout = built.Value!;
        var held = new HashSet<UInt128>();
        var nodeReserved = new HashSet<UInt128>();
        foreach (var claim in claims)
        {
            if (IpText.TryParseAddress(claim.Address, out var address) && layout.TryIndexOf(address, out var index))
            {
                held.Add(index);
                if (IpAllocationKinds.Normalize(claim.Kind) == IpAllocationKinds.NodeReserved)
                {
                    nodeReserved.Add(index);
                }
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
        ]) { NodeReserved = (UInt128)nodeReserved.Count };
    }

    /// <summary>No layout, so nothing to count: capacity, allocated and free are 0, and Exhausted does not apply.</summary>
    private static IpPoolUsage Invalid(string family, string problems, IReadOnlyList<string> overlaps) => new(family, 0, 0,
    [
        new(Condition.Ready, false, "InvalidSpec", problems),
        new(Exhausted, false, "InvalidSpec", "no address can be allocated while the spec is invalid"),
        new(Condition.Degraded, true, "InvalidSpec", overlaps.Count == 0 ? problems : $"{problems}; {string.Join("; ", overlaps)}"),
    ]);

    /// <summary>
    /// The overlaps of one pool with each other pool, in O(pools) (<see cref="IpPoolOverlaps.Find"/> pairs every pool
    /// with every other); pools whose CIDR does not parse are skipped, as there.
    /// </summary>
    private static List<string> Overlaps(string name, IpCidr cidr, IEnumerable<IpPool> allPools) =>
        [.. allPools
            .Where(p => p.Name != name)
            .Select(p => IpCidr.TryParse(p.Spec.Cidr, out var other, out _) && other.Overlaps(cidr) ? new IpPoolOverlap(name, cidr, p.Name, other).Message : null)
            .OfType<string>()];
}
