using System.Net;

namespace Multi.Core.Ipam;

/// <summary>
/// A caller's view of which addresses of one pool are taken, kept as merged runs of layout indexes (memory O(runs), lookups
/// O(log runs)). The view may be stale; the API's create-if-absent on the claim name is the authority, so a view only
/// steers candidate choice. Addresses outside the layout (claims left over from an older spec) are ignored.
/// </summary>
public sealed class IpPoolOccupancy(IpPoolLayout layout)
{
    private readonly List<IpInterval> taken = [];

    public IpPoolLayout Layout { get; } = layout;

    public UInt128 TakenCount { get; private set; }

    public UInt128 FreeCount => Layout.Capacity - TakenCount;

    public bool IsFull => FreeCount == 0;

    /// <summary>The taken indexes as sorted, merged runs (for listing free ranges).</summary>
    public IReadOnlyList<IpInterval> TakenRuns => taken;

    public bool IsTaken(IPAddress address) => Layout.TryIndexOf(address, out var index) && IsTaken(index);

    /// <summary>Records an address as taken; false when it is not in the layout or already taken.</summary>
    public bool MarkTaken(IPAddress address) => Layout.TryIndexOf(address, out var index) && MarkTaken(index);

    /// <summary>Records an address as free again; false when it is not in the layout or not taken.</summary>
    public bool MarkFree(IPAddress address) => Layout.TryIndexOf(address, out var index) && MarkFree(index);

    internal bool IsTaken(UInt128 index) => IntervalSet.Find(taken, index) >= 0;

    internal bool MarkTaken(UInt128 index)
    {
        var at = IntervalSet.Find(taken, index);
        if (at >= 0)
        {
            return false;
        }

        at = ~at;
        var joinsLeft = at > 0 && taken[at - 1].Last + 1 == index;
        var joinsRight = at < taken.Count && taken[at].First == index + 1;
        if (joinsLeft && joinsRight)
        {
            taken[at - 1] = taken[at - 1] with { Last = taken[at].Last };
            taken.RemoveAt(at);
        }
        else if (joinsLeft)
        {
            taken[at - 1] = taken[at - 1] with { Last = index };
        }
        else if (joinsRight)
        {
            taken[at] = taken[at] with { First = index };
        }
        else
        {
            taken.Insert(at, new IpInterval(index, index));
        }

        TakenCount++;
        return true;
    }

    internal bool MarkFree(UInt128 index)
    {
        var at = IntervalSet.Find(taken, index);
        if (at < 0)
        {
            return false;
        }

        var run = taken[at];
        if (run.First == run.Last)
        {
            taken.RemoveAt(at);
        }
        else if (index == run.First || index == run.Last)
        {
            taken[at] = index == run.First ? run with { First = index + 1 } : run with { Last = index - 1 };
        }
        else
        {
            taken[at] = run with { Last = index - 1 };
            taken.Insert(at + 1, new IpInterval(index + 1, run.Last));
        }

        TakenCount--;
        return true;
    }

    /// <summary>The first free index at or after <paramref name="start"/>, wrapping to 0; null when the view is full.</summary>
    internal UInt128? NextFree(UInt128 start)
    {
        var at = IntervalSet.Find(taken, start);
        if (at < 0)
        {
            return start;
        }

        var after = taken[at].Last + 1;
        if (after < Layout.Capacity)
        {
            return after;
        }

        if (taken[0].First > 0)
        {
            return 0;
        }

        after = taken[0].Last + 1;
        return after < Layout.Capacity ? after : null;
    }
}
