using Multi.Core.Ipam;

namespace Multi.Operator.NodeAgent.CniServer.Reservations;

/// <summary>
/// One pool's reserved claims. Taken under its lock by ADDs; filled and drained only by the reservation loop. A stock is
/// active from the ADD that first asked for it until its idle return.
/// </summary>
internal sealed class PoolStock(string pool)
{
    private readonly Lock gate = new();
    private readonly List<IpAllocationClaim> claims = [];
    private int refillQueued;
    private int listWanted;

    public string Pool { get; } = pool;

    /// <summary>When an ADD last asked for a claim of the pool (or the stock was adopted).</summary>
    public DateTimeOffset LastUsed { get; private set; }

    public bool Active { get; private set; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return claims.Count;
            }
        }
    }

    /// <summary>A claim, or null when empty; activates the stock and records the use either way.</summary>
    public IpAllocationClaim? Take(DateTimeOffset now)
    {
        lock (gate)
        {
            (LastUsed, Active) = (now, true);
            if (claims.Count == 0)
            {
                return null;
            }

            var claim = claims[^1];
            claims.RemoveAt(claims.Count - 1);
            return claim;
        }
    }

    public void Add(IpAllocationClaim claim, DateTimeOffset? adoptedAt = null)
    {
        lock (gate)
        {
            if (adoptedAt is { } at)
            {
                (LastUsed, Active) = (at, true);
            }

            if (!claims.Exists(c => c.Name == claim.Name))
            {
                claims.Add(claim);
            }
        }
    }

    /// <summary>Every claim, removed; the stock is inactive until the next ADD asks for one.</summary>
    public List<IpAllocationClaim> Drain()
    {
        lock (gate)
        {
            var all = claims.ToList();
            claims.Clear();
            Active = false;
            return all;
        }
    }

    /// <summary>True for the caller that should queue a refill (only one queued at a time).</summary>
    public bool MarkRefillQueued() => Interlocked.Exchange(ref refillQueued, 1) == 0;

    public void RefillStarted() => Volatile.Write(ref refillQueued, 0);

    /// <summary>After a conflict: the next refill lists the pool's claims (the conflicted claim may still be this node's).</summary>
    public void WantList() => Volatile.Write(ref listWanted, 1);

    /// <summary>True once per <see cref="WantList"/>.</summary>
    public bool TakeListWanted() => Interlocked.Exchange(ref listWanted, 0) == 1;
}
