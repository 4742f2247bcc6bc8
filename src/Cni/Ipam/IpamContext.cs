using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>One invocation of multi-ipam: the request, its parsed config, the API, the node-local journal, the owner it allocates for and the injected clock and randomness.</summary>
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
    public string ContainerId => Request.ContainerId;

    public string IfName => Request.IfName;
}
