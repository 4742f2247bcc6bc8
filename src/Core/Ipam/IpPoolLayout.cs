using System.Globalization;
using System.Net;

namespace Multi.Core.Ipam;

/// <summary>
/// The allocatable addresses of one validated pool: sorted, disjoint intervals of offsets from the network address, plus
/// the number of allocatable addresses before each interval. Index <c>i</c> (0 ≤ i &lt; <see cref="Capacity"/>) names the
/// i-th allocatable address in address order. Size is O(ranges + exclusions), never O(addresses): a /64 is two numbers.
/// </summary>
/// <remarks>
/// Reserved addresses (never allocatable): the gateway; for IPv4 prefixes up to /30 the network and broadcast addresses;
/// for IPv6 prefixes up to /126 the network address (the subnet-router anycast address, RFC 4291 2.6.1). Point-to-point
/// prefixes use every address: a /31 has 2 (RFC 3021), a /127 has 2 (RFC 6164), a /32 or /128 has 1.
/// </remarks>
public sealed partial class IpPoolLayout
{
    private readonly IpInterval[] intervals;
    private readonly UInt128[] indexBefore;
    private readonly IpInterval[] excluded;
    private readonly IpInterval[] ranges;
    private readonly UInt128? gatewayOffset;

    private IpPoolLayout(string pool, IpPoolSpec spec, IpCidr cidr, List<IpInterval> intervals, List<IpInterval> excluded, List<IpInterval> ranges, UInt128? gatewayOffset)
    {
        Pool = pool;
        Spec = spec;
        Cidr = cidr;
        this.intervals = [.. intervals];
        this.excluded = [.. excluded];
        this.ranges = [.. ranges];
        this.gatewayOffset = gatewayOffset;
        indexBefore = new UInt128[this.intervals.Length];
        UInt128 count = 0;
        for (var i = 0; i < this.intervals.Length; i++)
        {
            indexBefore[i] = count;
            count += this.intervals[i].Count;
        }

        Capacity = count;
    }

    public string Pool { get; }

    public IpPoolSpec Spec { get; }

    public IpCidr Cidr { get; }

    public bool IsV6 => Cidr.IsV6;

    public IPAddress? Gateway => gatewayOffset is { } g ? AddressOfOffset(g) : null;

    /// <summary>The number of allocatable addresses (at most 2^128 - 1: some address is always reserved or out of range).</summary>
    public UInt128 Capacity { get; }

    /// <summary>Capacity as decimal text, the form used in the IPPool status.</summary>
    public string CapacityText => Capacity.ToString(CultureInfo.InvariantCulture);

    /// <summary>Allocatable offsets from the network address, sorted and disjoint.</summary>
    public IReadOnlyList<IpInterval> Intervals => intervals;

    public bool Contains(IPAddress address) => TryIndexOf(address, out _);

    /// <summary>The index of an allocatable address, in O(log intervals); false for any other address.</summary>
    public bool TryIndexOf(IPAddress address, out UInt128 index)
    {
        index = 0;
        if (!Cidr.Contains(address))
        {
            return false;
        }

        var offset = IpMath.ToValue(address) - Cidr.First;
        var at = IntervalSet.Find(intervals, offset);
        if (at < 0)
        {
            return false;
        }

        index = indexBefore[at] + (offset - intervals[at].First);
        return true;
    }

    /// <summary>The allocatable address with the given index, in O(log intervals).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="Capacity"/>.</exception>
    public IPAddress AddressAt(UInt128 index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        int low = 0, high = intervals.Length - 1;
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            if (indexBefore[mid] <= index)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return AddressOfOffset(intervals[low].First + (index - indexBefore[low]));
    }

    /// <summary>Why an address is not allocatable in this pool, or null when it is.</summary>
    public string? WhyNotAllocatable(IPAddress address)
    {
        if (!Cidr.Contains(address))
        {
            return $"outside cidr {Cidr}";
        }

        var offset = IpMath.ToValue(address) - Cidr.First;
        var reserved = ReservedOffsets(Cidr);
        return offset switch
        {
            _ when reserved.Length > 0 && offset == 0 => "the network address",
            _ when reserved.Length > 1 && offset == reserved[1].First => "the broadcast address",
            _ when offset == gatewayOffset => "the gateway",
            _ when IntervalSet.Find(excluded, offset) >= 0 => "excluded",
            _ when ranges.Length > 0 && IntervalSet.Find(ranges, offset) < 0 => "outside the pool's ranges",
            _ => null,
        };
    }

    /// <summary>The offsets reserved by the prefix itself (see the remarks on the type).</summary>
    internal static IpInterval[] ReservedOffsets(IpCidr cidr)
    {
        var host = cidr.HostMask;
        return (cidr.IsV6, cidr.PrefixLength) switch
        {
            (false, <= 30) => [new IpInterval(0, 0), new IpInterval(host, host)],
            (true, <= 126) => [new IpInterval(0, 0)],
            _ => [],
        };
    }

    private IPAddress AddressOfOffset(UInt128 offset) => IpMath.ToAddress(Cidr.First + offset, IsV6);
}
