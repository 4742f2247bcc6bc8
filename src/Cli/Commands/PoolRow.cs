using System.Globalization;
using System.Text.Json.Nodes;
using Multi.Cli.Kube;

namespace Multi.Cli.Commands;

/// <summary>One line of <c>multictl pools</c>. Capacity and free are decimal text: an IPv6 pool holds more than a long.</summary>
internal sealed record PoolRow(string Name, string Cidr, string? Capacity, int Allocated, string? Free, double Usage, string? Problem)
{
    public static PoolRow From(PoolEntry pool, int allocated)
    {
        if (pool.Layout is not { } layout)
        {
            return new PoolRow(pool.Name, pool.Cidr, null, allocated, null, 0, pool.Problem);
        }

        var taken = (UInt128)allocated;
        var free = layout.Capacity > taken ? layout.Capacity - taken : UInt128.Zero;
        var usage = layout.Capacity == 0 ? 1 : (double)taken / (double)layout.Capacity;
        return new PoolRow(pool.Name, pool.Cidr, layout.CapacityText, allocated, free.ToString(CultureInfo.InvariantCulture), usage, null);
    }

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["cidr"] = Cidr,
        ["capacity"] = Capacity,
        ["allocated"] = Allocated,
        ["free"] = Free,
        ["usage"] = Math.Round(Usage, 4),
        ["problem"] = Problem,
    };
}
