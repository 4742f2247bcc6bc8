using System.Net;
using Multi.Core.Annotations;
using Multi.Core.Ipam;

namespace Multi.Core.Tests.Ipam;

/// <summary>
/// A random pool for the property tests, with an oracle written independently of <see cref="IpPoolLayout"/>: it decides
/// allocatability of one offset straight from the generated parameters.
/// </summary>
internal sealed record PoolCase(bool V6, int Prefix, UInt128 Network, List<(UInt128 First, UInt128 Last)> Ranges, List<(UInt128 First, UInt128 Last)> Excluded, UInt128? Gateway, IpPoolSpec Spec)
{
    public int Bits => V6 ? 128 : 32;

    public UInt128 HostMask => Bits - Prefix == 0 ? UInt128.Zero : UInt128.MaxValue >> (128 - (Bits - Prefix));

    /// <summary>Builds a pool of <paramref name="hostBits"/> host bits from <paramref name="seed"/>: 0–3 ranges, 0–3 exclusions (address, span or sub-CIDR), maybe a gateway.</summary>
    public static PoolCase Create(bool v6, int hostBits, int seed)
    {
        var random = new Random(seed);
        var bits = v6 ? 128 : 32;
        var prefix = bits - hostBits;
        var host = hostBits == 0 ? UInt128.Zero : UInt128.MaxValue >> (128 - hostBits);
        var network = Next(random) & ~host & (v6 ? UInt128.MaxValue : uint.MaxValue);
        if (v6 && network >> 32 == 0xffff)
        {
            network ^= UInt128.One << 100;
        }

        var ranges = Enumerable.Range(0, random.Next(4)).Select(_ => Sorted(Next(random) & host, Next(random) & host)).ToList();
        var excluded = Enumerable.Range(0, random.Next(4)).Select(_ => Exclusion(random, host, hostBits)).ToList();
        UInt128? gateway = random.Next(2) == 0 ? Next(random) & host : null;
        if (gateway is { } g && IsReserved(v6, prefix, host, g))
        {
            gateway = null;
        }

        string Text(UInt128 offset) => IpText.Canonical(ToAddress(network + offset, v6));
        var spec = new IpPoolSpec
        {
            Cidr = $"{Text(0)}/{prefix}",
            Ranges = [.. ranges.Select(r => new IpRangeSpec(Text(r.First), Text(r.Last)))],
            Exclude = [.. excluded.Select(e => ExclusionText(e, bits, Text))],
            Gateway = gateway is { } gw ? Text(gw) : null,
        };
        return new PoolCase(v6, prefix, network, ranges, excluded, gateway, spec);
    }

    /// <summary>The oracle: is this address allocatable in the generated pool?</summary>
    public bool IsAllocatable(IPAddress address)
    {
        var value = ToValue(address);
        if ((address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) != V6 || (value & ~HostMask) != Network)
        {
            return false;
        }

        var offset = value - Network;
        return !IsReserved(V6, Prefix, HostMask, offset) && offset != Gateway
            && !Excluded.Any(e => offset >= e.First && offset <= e.Last)
            && (Ranges.Count == 0 || Ranges.Any(r => offset >= r.First && offset <= r.Last));
    }

    /// <summary>Every allocatable address, by enumeration; only for small pools.</summary>
    public List<IPAddress> Enumerate()
    {
        var all = new List<IPAddress>();
        for (UInt128 offset = 0; offset <= HostMask; offset++)
        {
            var address = ToAddress(Network + offset, V6);
            if (IsAllocatable(address))
            {
                all.Add(address);
            }

            if (offset == HostMask)
            {
                break;
            }
        }

        return all;
    }

    public static IPAddress ToAddress(UInt128 value, bool v6)
    {
        var bytes = new byte[v6 ? 16 : 4];
        for (var i = bytes.Length - 1; i >= 0; i--, value >>= 8)
        {
            bytes[i] = (byte)value;
        }

        return new IPAddress(bytes);
    }

    public static UInt128 ToValue(IPAddress address) =>
        address.GetAddressBytes().Aggregate(UInt128.Zero, (v, b) => (v << 8) | b);

    private static bool IsReserved(bool v6, int prefix, UInt128 host, UInt128 offset) =>
        v6 ? prefix <= 126 && offset == 0 : prefix <= 30 && (offset == 0 || offset == host);

    private static (UInt128 First, UInt128 Last) Exclusion(Random random, UInt128 host, int hostBits)
    {
        var start = Next(random) & host;
        switch (random.Next(3))
        {
            case 0:
                return (start, start);
            case 1:
                return Sorted(start, Next(random) & host);
            default:
                var sub = hostBits == 0 ? 0 : random.Next(Math.Min(hostBits, 6) + 1);
                var mask = sub == 0 ? UInt128.Zero : UInt128.MaxValue >> (128 - sub);
                return (start & ~mask, (start & ~mask) | mask);
        }
    }

    /// <summary>A single address, an aligned block as a CIDR, or any other span as <c>start-end</c>.</summary>
    private static string ExclusionText((UInt128 First, UInt128 Last) e, int bits, Func<UInt128, string> text)
    {
        var count = e.Last - e.First + 1;
        if (e.First == e.Last)
        {
            return text(e.First);
        }

        return UInt128.IsPow2(count) && (e.First & (count - 1)) == 0
            ? $"{text(e.First)}/{bits - (int)UInt128.Log2(count)}"
            : $"{text(e.First)}-{text(e.Last)}";
    }

    private static (UInt128 First, UInt128 Last) Sorted(UInt128 a, UInt128 b) => a <= b ? (a, b) : (b, a);

    private static UInt128 Next(Random random) => new((ulong)random.NextInt64() ^ ((ulong)random.Next() << 40), (ulong)random.NextInt64() ^ ((ulong)random.Next() << 33));
}
