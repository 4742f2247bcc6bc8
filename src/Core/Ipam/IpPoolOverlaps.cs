namespace Multi.Core.Ipam;

/// <summary>Finds pools whose CIDRs overlap (one contains the other). Pools whose CIDR does not parse are skipped: the spec validator reports them.</summary>
public static class IpPoolOverlaps
{
    /// <summary>Every overlapping pair once, in input order (first before second).</summary>
    public static IReadOnlyList<IpPoolOverlap> Find(IEnumerable<IpPool> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var parsed = new List<(string Name, IpCidr Cidr)>();
        foreach (var pool in pools)
        {
            if (IpCidr.TryParse(pool.Spec.Cidr, out var cidr, out _))
            {
                parsed.Add((pool.Name, cidr));
            }
        }

        var overlaps = new List<IpPoolOverlap>();
        for (var i = 0; i < parsed.Count; i++)
        {
            for (var j = i + 1; j < parsed.Count; j++)
            {
                if (parsed[i].Cidr.Overlaps(parsed[j].Cidr))
                {
                    overlaps.Add(new IpPoolOverlap(parsed[i].Name, parsed[i].Cidr, parsed[j].Name, parsed[j].Cidr));
                }
            }
        }

        return overlaps;
    }
}
