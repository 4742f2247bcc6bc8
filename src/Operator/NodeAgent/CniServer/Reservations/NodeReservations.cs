using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Multi.Cni.Ipam;
using Multi.Core.Ipam;

namespace Multi.Operator.NodeAgent.CniServer.Reservations;

/// <summary>
/// The node daemon's stock of node-reserved claims (ipam-requirements section 4, "Node reservation"): per pool, up to
/// <see cref="NodeReservationOptions.StockSize"/> claims of kind <c>node-reserved</c> for this node, which an ADD turns into its
/// own claim with one conditioned update (<see cref="PoolAllocation"/>). ADDs only take from the stock; one loop
/// (<see cref="RunAsync"/>) refills a pool once its stock is down to half, returns a pool's stock after the idle timeout, and
/// retries failed refills on its tick. At start it adopts the node's reserved claims left by an earlier run; on shutdown
/// (<see cref="ReturnAllAsync"/>) it deletes its stock. The manager deletes the reserved claims of a deleted node.
/// </summary>
internal sealed partial class NodeReservations(
    NodeReservationOptions options, IpamStore store, string node, TimeProvider time, Random random, ReservationMetrics metrics, ILogger<NodeReservations> logger)
    : IIpamReservations
{
    /// <summary>A pool is filled only while it keeps this many stocks' worth of addresses free; below that its stock is returned.</summary>
    public const int FreeFactor = 4;

    private static readonly TimeSpan MaxTick = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, PoolStock> stocks = new(StringComparer.Ordinal);

    /// <summary>Names taken by ADDs whose bind has not reported yet: a refill's list must not adopt them back.</summary>
    private readonly ConcurrentDictionary<string, bool> binding = new(StringComparer.Ordinal);

    /// <summary>Pools to refill; null asks for an idle pass.</summary>
    private readonly Channel<string?> work = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>How often the loop looks for idle stocks and retries refills.</summary>
    public TimeSpan Tick => options.IdleTimeout / 4 < MaxTick ? options.IdleTimeout / 4 : MaxTick;

    public IpAllocationClaim? Take(string pool)
    {
        var stock = stocks.GetOrAdd(pool, p => new PoolStock(p));
        var claim = stock.Take(time.GetUtcNow());
        if (claim is not null)
        {
            binding[claim.Name] = true;
        }

        var left = stock.Count;
        metrics.Stock.WithLabels(pool).Set(left);
        if (left <= options.StockSize / 2 && stock.MarkRefillQueued())
        {
            work.Writer.TryWrite(pool);
        }

        return claim;
    }

    public void Restore(IpAllocationClaim reserved)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        var stock = stocks.GetOrAdd(reserved.Pool, p => new PoolStock(p));
        stock.Add(reserved);
        binding.TryRemove(reserved.Name, out _);
        metrics.Stock.WithLabels(reserved.Pool).Set(stock.Count);
    }

    /// <summary>Counts the bind; after a conflict the pool's next refill re-reads the claim (still reserved for this node: adopted again).</summary>
    public void Report(IpAllocationClaim reserved, bool bound)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        binding.TryRemove(reserved.Name, out _);
        metrics.Binds.WithLabels(reserved.Pool, bound ? "bound" : "conflict").Inc();
        if (!bound && stocks.TryGetValue(reserved.Pool, out var stock))
        {
            stock.WantList();
            if (stock.MarkRefillQueued())
            {
                work.Writer.TryWrite(reserved.Pool);
            }
        }
    }

    /// <summary>The claims in stock for <paramref name="pool"/>.</summary>
    public int Count(string pool) => stocks.TryGetValue(pool, out var stock) ? stock.Count : 0;

    /// <summary>Adopts the node's reserved claims, then refills and returns until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var ticking = Task.CompletedTask;
        try
        {
            await AdoptAsync(cancellationToken).ConfigureAwait(false);
            ticking = TickAsync(cancellationToken);
            await foreach (var pool in work.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (pool is null)
                {
                    await IdlePassAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (stocks.TryGetValue(pool, out var stock))
                {
                    await FillAsync(stock, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping; the caller returns the stock
        }

        await ticking.ConfigureAwait(false);
    }

    /// <summary>Deletes every claim in stock (graceful shutdown): what cannot be deleted now is adopted by the next start or reclaimed with the node.</summary>
    public async Task ReturnAllAsync(CancellationToken cancellationToken)
    {
        foreach (var stock in stocks.Values)
        {
            await ReturnAsync(stock, stock.Drain(), "shutdown", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                work.Writer.TryWrite(null);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Returns stocks unused for the idle timeout (and claims given back to a returned stock); refills the rest that are low.</summary>
    private async Task IdlePassAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var stock in stocks.Values)
        {
            if (stock.Active ? now - stock.LastUsed >= options.IdleTimeout : stock.Count > 0)
            {
                await ReturnAsync(stock, stock.Drain(), "idle", cancellationToken).ConfigureAwait(false);
            }
            else if (stock.Active && stock.Count <= options.StockSize / 2)
            {
                await FillAsync(stock, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
