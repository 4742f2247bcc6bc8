using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers;

/// <summary>The manager's informer caches that serve more than its controllers (the admission webhook reads them).</summary>
internal sealed record ManagerStores(
    IReadOnlyStore<NadResource> Nads, IReadOnlyStore<IpPoolResource> Pools, IReadOnlyStore<ClusterNetwork> Networks, IReadOnlyStore<NodeNetworkState> NodeStates);
