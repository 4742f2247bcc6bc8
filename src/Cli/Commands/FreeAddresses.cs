using System.Globalization;
using System.Net;
using Multi.Cli.Kube;
using Multi.Core.Ipam;

namespace Multi.Cli.Commands;

/// <summary>A pool's free addresses: its allocatable intervals minus the addresses its claims hold.</summary>
internal sealed class FreeAddresses
{
    private readonly IpPoolLayout layout;
    private readonly List<IpInterval> free;

    public FreeAddresses(IpPoolLayout layout, IEnumerable<ClaimEntry> claims)
    {
        this.layout = layout;
        var taken = claims.Select(c => c.Address).OfType<IPAddress>().Where(layout.Contains)
            .Select(a => IpMath.ToValue(a) - layout.Cidr.First).Select(o => new IpInterval(o, o));
        free = IntervalSet.Subtract(layout.Intervals, IntervalSet.Normalize(taken));
        Count = free.Aggregate(UInt128.Zero, (sum, i) => sum + i.Count);
    }

    public UInt128 Count { get; }

    public string CountText => Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Free runs of consecutive addresses, in address order.</summary>
    public IEnumerable<(IPAddress Start, IPAddress End, UInt128 Count)> Ranges =>
        free.Select(i => (Address(i.First), Address(i.Last), i.Count));

    /// <summary>The first <paramref name="limit"/> free addresses, in address order.</summary>
    public IEnumerable<IPAddress> Addresses(UInt128 limit)
    {
        UInt128 listed = 0;
        foreach (var interval in free)
        {
            for (var offset = interval.First; listed < limit; offset++)
            {
                yield return Address(offset);
                listed++;
                if (offset == interval.Last)
                {
                    break;
                }
            }
        }
    }

    private IPAddress Address(UInt128 offset) => IpMath.ToAddress(layout.Cidr.First + offset, layout.IsV6);
}
