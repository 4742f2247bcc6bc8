using System.Net.Sockets;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>The address of one attachment in one pool, and whether this invocation created its claim.</summary>
internal sealed record PoolAllocation(IpPoolLayout Layout, IpAllocationClaim Claim, bool Created)
{
    private const int FullListAfterCollisions = 3;

    /// <summary>
    /// Allocates in one pool: an existing claim of this attachment is returned (repeated ADD, found through the journal, see
    /// <see cref="EarlierClaimAsync"/>), else the requested address, else one of the node daemon's reserved claims (without a
    /// sticky preference), else a dynamic candidate. A taken name (409) marks the
    /// address taken and moves on after the allocator's backoff; after a few, the pool's claims are listed once. Exhaustion is
    /// reported only after a fresh list of all claims confirms it. <paramref name="journaled"/> collects the pools whose
    /// journal record this invocation wrote.
    /// </summary>
    public static async Task<PoolAllocation> AllocateAsync(IpamContext ctx, string pool, List<string> uncertain, HashSet<string> journaled)
    {
        var ct = ctx.Cancellation;
        var layout = await ctx.Pools.LayoutAsync(pool, ct).ConfigureAwait(false);
        if (await EarlierClaimAsync(ctx, pool).ConfigureAwait(false) is { } mine)
        {
            return new PoolAllocation(layout, mine, Created: false);
        }

        if (ctx.Config.Requested.FirstOrDefault(r => (r.Address.AddressFamily == AddressFamily.InterNetworkV6) == layout.IsV6) is { } requested)
        {
            return await RequestedAsync(ctx, layout, requested, uncertain, journaled).ConfigureAwait(false);
        }

        var preferred = StickyAddress.Preferred(layout, ctx.Owner);
        if (preferred is null && ctx.Reservations is { } reservations && await ReservedAsync(ctx, pool, reservations, uncertain, journaled).ConfigureAwait(false) is { } bound)
        {
            return new PoolAllocation(layout, bound, Created: true);
        }

        // Optimistic start: an empty view (random candidates rarely collide in a pool with room). After a few collisions the
        // pool is busy or full: one list of all its claims makes the view exact enough to stop guessing.
        var view = new IpPoolOccupancy(layout);
        var relisted = false;
        var collisions = 0;
        for (var attempt = 0; ; attempt++)
        {
            if (collisions == FullListAfterCollisions && !relisted)
            {
                view = View(layout, await ctx.Store.ClaimsAsync(pool, ct).ConfigureAwait(false));
                collisions++;
            }

            var next = IpAllocator.Next(view, ctx.Random, attempt, preferred, ctx.Options.Allocator);
            if (!next.IsOk && next.Error.Code == CniErrorCode.PoolExhausted && !relisted)
            {
                // The view may be stale: one consistent read before declaring exhaustion.
                relisted = true;
                view = View(layout, await ctx.Store.ClaimsAsync(pool, ct).ConfigureAwait(false));
                attempt = -1;
                continue;
            }

            var candidate = next.Unwrap();
            if (candidate.Backoff > TimeSpan.Zero)
            {
                await Task.Delay(candidate.Backoff, ctx.Clock, ct).ConfigureAwait(false);
            }

            var claim = await CreateAsync(ctx, pool, candidate, IpAllocationKinds.Dynamic, uncertain, journaled).ConfigureAwait(false);
            if (claim is not null)
            {
                return new PoolAllocation(layout, claim, Created: true);
            }

            view.MarkTaken(candidate.Address);
            collisions++;
        }
    }

    private static async Task<PoolAllocation> RequestedAsync(IpamContext ctx, IpPoolLayout layout, IpamRequestedAddress requested, List<string> uncertain, HashSet<string> journaled)
    {
        if (requested.PrefixLength is { } prefix && prefix != layout.Cidr.PrefixLength)
        {
            throw new CniException(CniErrorCode.AddressNotInPool, $"requested {requested.Text} does not match the prefix length /{layout.Cidr.PrefixLength} of pool {layout.Pool}");
        }

        var candidate = IpAllocator.Requested(layout, requested.Address).Unwrap();
        var claim = await CreateAsync(ctx, layout.Pool, candidate, IpAllocationKinds.Static, uncertain, journaled).ConfigureAwait(false);
        if (claim is not null)
        {
            return new PoolAllocation(layout, claim, Created: true);
        }

        var holder = await ctx.Store.GetAsync(candidate.AllocationName, ctx.Cancellation).ConfigureAwait(false);
        throw new CniException(
            CniErrorCode.AddressOwned,
            $"requested address {IpText.Canonical(candidate.Address)} in pool {layout.Pool} is already allocated{(holder is null ? "" : $" to {holder.OwnerText}")}");
    }

    /// <summary>
    /// This attachment's claim from an earlier ADD. A committed record is verified with one GET by name (GC or an administrator
    /// may have deleted the claim, and an address is never returned without its claim); an intent names the create an
    /// interrupted attempt may have made, read back by name. A pending release (the attachment added again before a DEL's
    /// release completed) is completed first and allocation starts afresh: another DEL or GC may be completing it at this very
    /// moment, so its claim is never handed out again (both deletes carry its UID; the later one finds it gone).
    /// Without a record no request is made once the journal is complete;
    /// an unreadable record, or none in a journal younger than its fallback window, falls back to the fresh label list.
    /// </summary>
    private static async Task<IpAllocationClaim?> EarlierClaimAsync(IpamContext ctx, string pool)
    {
        var ct = ctx.Cancellation;
        var record = ctx.Journal.Read(pool, ctx.ContainerId, ctx.IfName);
        IpAllocationClaim? found;
        if (record is { State: IpamJournalState.Releasing })
        {
            await IpamRelease.CompleteAsync(ctx, [record]).ConfigureAwait(false);
            return null;
        }

        if (record is { State: IpamJournalState.Committed or IpamJournalState.Intent, Name: { } name })
        {
            found = await ctx.Store.GetAsync(name, ct).ConfigureAwait(false) is { } claim && claim.IsOwnedBy(ctx.ContainerId, ctx.IfName) ? claim : null;
        }
        else if (record is null && ctx.Journal.IsComplete())
        {
            return null;
        }
        else
        {
            found = (await ctx.Store.OwnedAsync(pool, ctx.ContainerId, ctx.IfName, ct).ConfigureAwait(false)).FirstOrDefault();
        }

        if (found is not null && (record?.State != IpamJournalState.Committed || record.Uid != found.Uid))
        {
            ctx.Journal.Write(IpamJournalRecord.Committed(found));
        }

        return found;
    }

    /// <summary>
    /// Creates the candidate's claim: the intent is journaled first (a crash from here on leaves the name of the claim that may
    /// exist), the committed claim after. Until the create answers, a failure makes rollback look the name up. <paramref name="kind"/>
    /// is static for a requested address, dynamic for one the allocator chose.
    /// </summary>
    private static async Task<IpAllocationClaim?> CreateAsync(IpamContext ctx, string pool, IpCandidate candidate, string kind, List<string> uncertain, HashSet<string> journaled)
    {
        ctx.Journal.Write(IpamJournalRecord.Intent(pool, ctx.ContainerId, ctx.IfName, candidate.AllocationName));
        journaled.Add(pool);
        uncertain.Add(candidate.AllocationName);
        var claim = await ctx.Store.TryCreateAsync(pool, candidate, ctx.Owner, kind, ctx.Cancellation).ConfigureAwait(false);
        uncertain.Remove(candidate.AllocationName);
        if (claim is not null)
        {
            ctx.Journal.Write(IpamJournalRecord.Committed(claim));
        }

        return claim;
    }

    /// <summary>
    /// Binds one of the node's reserved claims (ipam-requirements section 4) with one conditioned update, journaled as a create
    /// is (intent, then committed). Null when the stock is empty or the claim changed meanwhile (a conflict): ADD then allocates
    /// as without reservations. A bind without an answer gives the claim back to the stock (its next bind, conditioned on the same
    /// resource version, cannot succeed if this one did) and leaves the name to rollback.
    /// </summary>
    private static async Task<IpAllocationClaim?> ReservedAsync(IpamContext ctx, string pool, IIpamReservations reservations, List<string> uncertain, HashSet<string> journaled)
    {
        if (reservations.Take(pool) is not { } reserved)
        {
            return null;
        }

        ctx.Journal.Write(IpamJournalRecord.Intent(pool, ctx.ContainerId, ctx.IfName, reserved.Name));
        journaled.Add(pool);
        uncertain.Add(reserved.Name);
        IpAllocationClaim? claim;
        try
        {
            claim = await ctx.Store.TryBindAsync(reserved, ctx.Owner, ctx.Clock.GetUtcNow(), ctx.Cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Kube.KubeApiException or OperationCanceledException)
        {
            reservations.Restore(reserved);
            throw;
        }

        uncertain.Remove(reserved.Name);
        reservations.Report(reserved, claim is not null);
        if (claim is not null)
        {
            ctx.Journal.Write(IpamJournalRecord.Committed(claim));
        }

        return claim;
    }

    private static IpPoolOccupancy View(IpPoolLayout layout, List<IpAllocationClaim> claims)
    {
        var view = new IpPoolOccupancy(layout);
        foreach (var claim in claims)
        {
            view.MarkTaken(claim.Address);
        }

        return view;
    }
}
