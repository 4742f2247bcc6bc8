using System.Globalization;
using System.Text.Json.Nodes;
using Multi.Cli.Kube;
using Multi.Core.Ipam;

namespace Multi.Cli.Commands;

/// <summary>
/// One line of <c>multictl pools</c>. Capacity and free are decimal text: an IPv6 pool holds more than a long. Node-reserved
/// claims are counted in allocated too.
/// </summary>
internal sealed record PoolRow(string Name, string Cidr, string? Capacity, int Allocated, int NodeReserved, string? Free, double Usage, string? Problem)
{
    public static PoolRow From(PoolEntry pool, IReadOnlyList<ClaimEntry> claims)
    {
        var allocated = claims.Count;
        var nodeReserved = claims.Count(c => c.Kind == IpAllocationKinds.NodeReserved);
        if (pool.Layout is not { } layout)
        {
            return new PoolRow(pool.Name, pool.Cidr, null, allocated, nodeReserved, null, 0, pool.Problem);
        }

        var taken = (UInt128)allocated;
        var free = layout.Capacity > taken ? layout.Capacity - taken : UInt128.Zero;
        var usage = layout.Capacity == 0 ? 1 : (double)taken / (double)layout.Capacity;
        return new PoolRow(pool.Name, pool.Cidr, layout.CapacityText, allocated, nodeReserved, free.ToString(CultureInfo.InvariantCulture), usage, null);
    }

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["cidr"] = Cidr,
        ["capacity"] = Capacity,
        ["allocated"] = Allocated,
        ["nodeReserved"] = NodeReserved,
        ["free"] = Free,
        ["usage"] = Math.Round(Usage, 4),
        ["problem"] = Problem,
    };
}
