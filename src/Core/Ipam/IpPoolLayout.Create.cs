using System.Diagnostics.CodeAnalysis;
using Multi.Core.Cni;

namespace Multi.Core.Ipam;

public sealed partial class IpPoolLayout
{
    /// <summary>
    /// Builds the layout of pool <paramref name="pool"/>. Fails with code 123 (pool unusable) naming the pool and the first
    /// problem: malformed or out-of-CIDR values, mixed families, or no allocatable address left.
    /// </summary>
    public static Outcome<IpPoolLayout> Create(string pool, IpPoolSpec spec) =>
        TryBuild(spec, out var layout, out var problem, pool)
            ? Outcome<IpPoolLayout>.Ok(layout)
            : Outcome<IpPoolLayout>.Fail(CniErrorCode.PoolUnusable, $"pool {pool} is unusable: {problem}");

    internal static bool TryBuild(IpPoolSpec spec, [NotNullWhen(true)] out IpPoolLayout? layout, [NotNullWhen(false)] out string? problem, string pool = "")
    {
        ArgumentNullException.ThrowIfNull(spec);
        layout = null;
        if (!IpPoolSpecChecks.TryCidr(spec.Cidr, out var cidr, out problem)
            || !TryIntervals(spec, cidr, out var ranges, out var excluded, out problem)
            || !TryGateway(spec, cidr, out var gateway, out problem))
        {
            return false;
        }

        var allowed = ranges.Count > 0 ? ranges : [new IpInterval(0, cidr.HostMask)];
        var unavailable = new List<IpInterval>(excluded);
        unavailable.AddRange(ReservedOffsets(cidr));
        if (gateway is { } g)
        {
            unavailable.Add(new IpInterval(g, g));
        }

        var removed = IntervalSet.Normalize(unavailable);
        var allocatable = IntervalSet.Subtract(allowed, removed);
        if (allocatable.Count == 0)
        {
            problem = $"no allocatable address in cidr {cidr} after ranges, exclusions, gateway and reserved addresses";
            return false;
        }

        layout = new IpPoolLayout(pool, spec, cidr, allocatable, excluded, ranges, gateway);
        return true;
    }

    private static bool TryIntervals(IpPoolSpec spec, IpCidr cidr, out List<IpInterval> ranges, out List<IpInterval> excluded, [NotNullWhen(false)] out string? error)
    {
        var rangeList = new List<IpInterval>(spec.Ranges.Count);
        var excludedList = new List<IpInterval>(spec.Exclude.Count);
        ranges = excluded = [];
        error = null;
        for (var i = 0; i < spec.Ranges.Count; i++)
        {
            if (!IpPoolSpecChecks.TryRange(i, spec.Ranges[i], cidr, out var range, out error))
            {
                return false;
            }

            rangeList.Add(range);
        }

        for (var i = 0; i < spec.Exclude.Count; i++)
        {
            if (!IpPoolSpecChecks.TryExclusion(i, spec.Exclude[i], cidr, out var exclusion, out error))
            {
                return false;
            }

            excludedList.Add(exclusion);
        }

        ranges = IntervalSet.Normalize(rangeList);
        excluded = IntervalSet.Normalize(excludedList);
        return true;
    }

    private static bool TryGateway(IpPoolSpec spec, IpCidr cidr, out UInt128? gateway, [NotNullWhen(false)] out string? error)
    {
        gateway = null;
        error = null;
        if (string.IsNullOrEmpty(spec.Gateway))
        {
            return true;
        }

        var ok = IpPoolSpecChecks.TryGateway(spec.Gateway, cidr, out var offset, out error);
        gateway = offset;
        return ok;
    }
}
