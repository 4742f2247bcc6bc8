namespace Multi.Operator.NodeAgent.CniServer.Reservations;

/// <summary>
/// The daemon's node-reserved claims (section <c>Operator:Daemon:Reservations</c>): docs/operator.md, "Node reservations".
/// A pool gets a stock once an ADD on this node allocates from it; the stock is returned after <see cref="IdleTimeout"/> without use.
/// </summary>
internal sealed class NodeReservationOptions
{
    public const int MinStock = 16;

    public const int MaxStock = 64;

    /// <summary>Off by default: reserved addresses are taken from pools that other nodes share.</summary>
    public bool Enabled { get; set; }

    /// <summary>Reserved claims per pool: 16–64, or 0 for none.</summary>
    public int StockSize { get; set; } = MinStock;

    /// <summary>A pool's stock unused this long is returned (its claims deleted).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether the daemon keeps a stock at all.</summary>
    public bool Active => Enabled && StockSize > 0;
}
