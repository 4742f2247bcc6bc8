using System.Net;
using Multi.Core.Annotations;
using Multi.Core.Cni;

namespace Multi.Core.Ipam;

/// <summary>
/// Chooses addresses; pure (state in, decision out). The caller loops: take <see cref="Next"/>, wait its backoff, create the
/// claim; on AlreadyExists mark the address taken in its view and call again with <c>attempt + 1</c>. Dynamic candidates
/// start at a uniformly random index (from the caller-seeded <see cref="Random"/>; seed it per node and request to spread
/// nodes apart) and walk forward, wrapping, to the first index the view does not know as taken: O(log runs) per candidate.
/// A candidate is always an allocatable address of the layout.
/// </summary>
public static class IpAllocator
{
    /// <summary>
    /// The next candidate. The preferred (sticky) address comes first when it is allocatable and not known taken; otherwise it is
    /// silently ignored. Fails with 120 when the view has no free address (exhaustion of the view: confirm it with a consistent
    /// read before reporting it) and with 11 after <see cref="IpAllocatorOptions.MaxAttempts"/> candidates.
    /// </summary>
    public static Outcome<IpCandidate> Next(IpPoolOccupancy view, Random random, int attempt = 0, IPAddress? preferred = null, IpAllocatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(random);
        options ??= IpAllocatorOptions.Default;
        var layout = view.Layout;
        if (view.IsFull)
        {
            return Outcome<IpCandidate>.Fail(CniErrorCode.PoolExhausted, $"pool {layout.Pool} exhausted (capacity {layout.CapacityText})");
        }

        if (attempt >= options.MaxAttempts)
        {
            return Outcome<IpCandidate>.Fail(
                CniErrorCode.TryAgainLater,
                $"pool {layout.Pool}: {attempt} candidates were taken concurrently, {view.FreeCount} addresses may still be free; try again");
        }

        var backoff = Backoff(attempt, random, options);
        if (preferred is not null && layout.TryIndexOf(preferred, out var wanted) && !view.IsTaken(wanted))
        {
            return Outcome<IpCandidate>.Ok(Candidate(layout, preferred, backoff, preferred: true));
        }

        var index = view.NextFree(IpMath.NextBelow(random, layout.Capacity))!.Value;
        return Outcome<IpCandidate>.Ok(Candidate(layout, layout.AddressAt(index), backoff, preferred: false));
    }

    /// <summary>
    /// A statically requested address: a candidate when it is allocatable in the pool, else 122 naming the pool, the address
    /// and the reason (outside the CIDR or ranges, excluded, gateway, network or broadcast address). Whether it is free is
    /// decided by creating the claim (121 when another owner holds it).
    /// </summary>
    public static Outcome<IpCandidate> Requested(IpPoolLayout layout, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(address);
        var why = address.IsIPv4MappedToIPv6 ? "an IPv4-mapped IPv6 address" : layout.WhyNotAllocatable(address);
        return why is null
            ? Outcome<IpCandidate>.Ok(Candidate(layout, address, TimeSpan.Zero, preferred: true))
            : Outcome<IpCandidate>.Fail(CniErrorCode.AddressNotInPool, $"address {IpText.Canonical(address)} is not allocatable in pool {layout.Pool}: {why}");
    }

    /// <summary>
    /// Zero for the first <see cref="IpAllocatorOptions.ImmediateAttempts"/> attempts, then "full jitter": uniform in
    /// [0, min(max, base · 2^(attempt - immediate))].
    /// </summary>
    internal static TimeSpan Backoff(int attempt, Random random, IpAllocatorOptions options)
    {
        var late = attempt - options.ImmediateAttempts;
        if (late < 0)
        {
            return TimeSpan.Zero;
        }

        var cap = options.BaseBackoff;
        for (var i = 0; i < late && cap < options.MaxBackoff; i++)
        {
            cap += cap;
        }

        cap = cap > options.MaxBackoff ? options.MaxBackoff : cap;
        return TimeSpan.FromTicks((long)(random.NextDouble() * cap.Ticks));
    }

    private static IpCandidate Candidate(IpPoolLayout layout, IPAddress address, TimeSpan backoff, bool preferred)
    {
        var canonical = IpMath.ToAddress(IpMath.ToValue(address), layout.IsV6);
        return new IpCandidate(canonical, IpText.Canonical(canonical), layout.Cidr.PrefixLength, IpAllocationName.Format(layout.Pool, canonical), backoff, preferred);
    }
}
