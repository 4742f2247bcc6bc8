namespace Multi.Core.Ipam;

/// <summary>Sorted, disjoint, non-adjacent interval lists: the only representation of address sets in the allocator.</summary>
internal static class IntervalSet
{
    /// <summary>Sorts and merges overlapping or adjacent intervals.</summary>
    public static List<IpInterval> Normalize(IEnumerable<IpInterval> intervals)
    {
        // Sort, not OrderBy: every ADD builds its pool's layout. Instability is harmless: equal starts merge into one.
        var sorted = new List<IpInterval>(intervals);
        if (sorted.Count > 1)
        {
            sorted.Sort(static (a, b) => a.First.CompareTo(b.First));
        }

        var merged = new List<IpInterval>(sorted.Count);
        foreach (var next in sorted)
        {
            if (merged.Count > 0 && Touches(merged[^1], next))
            {
                var last = merged[^1];
                merged[^1] = last with { Last = UInt128.Max(last.Last, next.Last) };
            }
            else
            {
                merged.Add(next);
            }
        }

        return merged;
    }

    /// <summary>Everything in <paramref name="keep"/> that is not in <paramref name="remove"/>; both normalized.</summary>
    public static List<IpInterval> Subtract(IReadOnlyList<IpInterval> keep, IReadOnlyList<IpInterval> remove)
    {
        var result = new List<IpInterval>();
        var r = 0;
        foreach (var interval in keep)
        {
            var first = interval.First;
            var open = true;
            while (r < remove.Count && remove[r].Last < first)
            {
                r++;
            }

            for (var j = r; open && j < remove.Count && remove[j].First <= interval.Last; j++)
            {
                if (remove[j].First > first)
                {
                    result.Add(new IpInterval(first, remove[j].First - 1));
                }

                open = remove[j].Last < interval.Last;
                if (open)
                {
                    first = UInt128.Max(first, remove[j].Last + 1);
                }
            }

            if (open)
            {
                result.Add(new IpInterval(first, interval.Last));
            }
        }

        return result;
    }

    /// <summary>The position of the interval containing <paramref name="value"/>, or the bitwise complement of the insertion point.</summary>
    public static int Find(IReadOnlyList<IpInterval> intervals, UInt128 value)
    {
        int low = 0, high = intervals.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (intervals[mid].Last < value)
            {
                low = mid + 1;
            }
            else if (intervals[mid].First > value)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }

        return ~low;
    }

    private static bool Touches(IpInterval left, IpInterval right) =>
        right.First <= left.Last || right.First - 1 <= left.Last;
}
