using Microsoft.Extensions.Logging;
using Multi.Cni.Kube;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Operator.NodeAgent.CniServer.Reservations;

internal sealed partial class NodeReservations
{
    /// <summary>
    /// Tops the stock up to its size: random candidates, create-if-absent as every allocation. How full the pool is comes from
    /// its status (the cached IPPool, derived by the manager); without a status, or after a conflict, one fresh list of the pool's
    /// claims gives the exact view instead and takes back reserved claims of this node that are outside the stock (a conflict's
    /// claim, a lost answer). Either way no read grows with the pool on the common refill. A pool with fewer than
    /// <see cref="FreeFactor"/> stocks' worth of free addresses is left to ADDs: its stock is returned instead, so that
    /// reservations never make a pool look exhausted while it still has room.
    /// </summary>
    private async Task FillAsync(PoolStock stock, CancellationToken cancellationToken)
    {
        stock.RefillStarted();
        if (!stock.Active || options.StockSize - stock.Count <= 0)
        {
            return;
        }

        try
        {
            var (layout, free) = await PoolAsync(stock.Pool, cancellationToken).ConfigureAwait(false);
            var view = new IpPoolOccupancy(layout);
            if (free is null || stock.TakeListWanted())
            {
                view = await ListAsync(stock, layout, cancellationToken).ConfigureAwait(false);
                free = view.FreeCount;
            }

            var floor = (UInt128)(FreeFactor * options.StockSize);
            if (free < floor)
            {
                PoolLow(stock.Pool, free.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await ReturnAsync(stock, stock.Drain(), "pool-low", cancellationToken).ConfigureAwait(false);
                return;
            }

            var (missing, created) = (options.StockSize - stock.Count, 0);
            for (var tries = 0; created < missing && tries < 4 * missing && !view.IsFull; tries++)
            {
                var candidate = IpAllocator.Next(view, random).Unwrap();
                view.MarkTaken(candidate.Address);
                if (await store.TryReserveAsync(stock.Pool, candidate, node, cancellationToken).ConfigureAwait(false) is { } claim)
                {
                    stock.Add(claim);
                    created++;
                }
            }

            metrics.Reserved.WithLabels(stock.Pool).Inc(created);
            Filled(stock.Pool, created, stock.Count);
        }
        catch (Exception ex) when (ex is KubeApiException or CniException)
        {
            metrics.Failures.WithLabels(stock.Pool).Inc();
            FillFailed(stock.Pool, ex.Message);
        }
        finally
        {
            metrics.Stock.WithLabels(stock.Pool).Set(stock.Count);
        }
    }

    /// <summary>The exact view from one fresh list of the pool's claims; this node's stray reserved claims go back in stock.</summary>
    private async Task<IpPoolOccupancy> ListAsync(PoolStock stock, IpPoolLayout layout, CancellationToken cancellationToken)
    {
        var view = new IpPoolOccupancy(layout);
        foreach (var claim in await store.ClaimsAsync(stock.Pool, cancellationToken).ConfigureAwait(false))
        {
            view.MarkTaken(claim.Address);
            if (IsStray(claim))
            {
                stock.Add(claim);
            }
        }

        return view;
    }

    /// <summary>A reserved claim of this node that the stock lacks and no ADD is binding.</summary>
    private bool IsStray(IpAllocationClaim claim) =>
        claim is { Kind: IpAllocationKinds.NodeReserved, ResourceVersion: not null } && claim.Owner.Node == node && claim.Owner.ContainerId.Length == 0
            && !binding.ContainsKey(claim.Name);

    /// <summary>The pool's layout, and its free count when its status has one for the current spec (null otherwise).</summary>
    private async Task<(IpPoolLayout Layout, UInt128? Free)> PoolAsync(string pool, CancellationToken cancellationToken)
    {
        var obj = await store.PoolAsync(pool, cancellationToken).ConfigureAwait(false)
            ?? throw new CniException(CniErrorCode.PoolUnusable, $"pool {pool} not found");
        var layout = IpPoolLayout.Create(pool, IpPoolJson.Parse(pool, obj).Unwrap().Spec).Unwrap();
        var status = obj["status"] as System.Text.Json.Nodes.JsonObject;
        var current = status?["observedGeneration"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && status["observedGeneration"]!.GetValue<long>() == (obj["metadata"]?["generation"]?.GetValue<long>() ?? 0);
        UInt128? free = current && status!["free"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && UInt128.TryParse(status["free"]!.GetValue<string>(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var f) ? f : null;
        return (layout, free);
    }

    /// <summary>The node's reserved claims from an earlier run join the stock, idle from now on (returned if no ADD asks for them).</summary>
    private async Task AdoptAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var adopted = await store.ReservedAsync(node, cancellationToken).ConfigureAwait(false);
            foreach (var claim in adopted)
            {
                var stock = stocks.GetOrAdd(claim.Pool, p => new PoolStock(p));
                stock.Add(claim, adoptedAt: now);
                metrics.Reserved.WithLabels(claim.Pool).Inc();
                metrics.Stock.WithLabels(claim.Pool).Set(stock.Count);
            }

            Adopted(adopted.Count);
        }
        catch (KubeApiException ex)
        {
            metrics.Failures.WithLabels("").Inc();
            AdoptFailed(ex.Message);
        }
    }

    /// <summary>Deletes drained claims (UID and resource-version preconditions: a claim changed by anyone else is left alone).</summary>
    private async Task ReturnAsync(PoolStock stock, List<IpAllocationClaim> claims, string reason, CancellationToken cancellationToken)
    {
        var returned = 0;
        try
        {
            foreach (var claim in claims)
            {
                returned += await store.ReturnAsync(claim, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }
        catch (Exception ex) when (ex is KubeApiException or OperationCanceledException)
        {
            metrics.Failures.WithLabels(stock.Pool).Inc();
            ReturnFailed(stock.Pool, claims.Count - returned, ex.Message);
        }

        metrics.Returned.WithLabels(stock.Pool, reason).Inc(returned);
        metrics.Stock.WithLabels(stock.Pool).Set(stock.Count);
        if (claims.Count > 0)
        {
            Returned(stock.Pool, returned, reason);
        }
    }

    [LoggerMessage(540, LogLevel.Debug, "node reservations: pool {Pool} got {Created} reserved claims, {Stock} in stock")]
    private partial void Filled(string pool, int created, int stock);

    [LoggerMessage(541, LogLevel.Warning, "node reservations: refilling pool {Pool} failed: {Reason}")]
    private partial void FillFailed(string pool, string reason);

    [LoggerMessage(542, LogLevel.Information, "node reservations: pool {Pool} has {Free} free addresses, too few to reserve; its stock is returned")]
    private partial void PoolLow(string pool, string free);

    [LoggerMessage(543, LogLevel.Information, "node reservations: adopted {Count} reserved claims of this node from an earlier run")]
    private partial void Adopted(int count);

    [LoggerMessage(544, LogLevel.Warning, "node reservations: the node's reserved claims could not be listed ({Reason}); those of an earlier run stay until the node is deleted")]
    private partial void AdoptFailed(string reason);

    [LoggerMessage(545, LogLevel.Information, "node reservations: returned {Count} reserved claims of pool {Pool} ({Reason})")]
    private partial void Returned(string pool, int count, string reason);

    [LoggerMessage(546, LogLevel.Warning, "node reservations: {Count} reserved claims of pool {Pool} could not be returned ({Reason}); the next start adopts them")]
    private partial void ReturnFailed(string pool, int count, string reason);
}
