using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>One invocation of multi-ipam: the request, its parsed config, the API, the node-local journal, the owner it allocates for, the injected clock and randomness, and the daemon's node reservations if any.</summary>
internal sealed record IpamContext(
    CniInvocation Request,
    IpamConfig Config,
    IpamStore Store,
    IpamPools Pools,
    IpamJournal Journal,
    IpAllocationOwner Owner,
    TimeProvider Clock,
    Random Random,
    IpamOptions Options,
    CancellationToken Cancellation)
{
    /// <summary>The node daemon's stock of node-reserved claims; null on the thin path (and when the daemon keeps none).</summary>
    public IIpamReservations? Reservations { get; init; }

    public string ContainerId => Request.ContainerId;

    public string IfName => Request.IfName;
}
