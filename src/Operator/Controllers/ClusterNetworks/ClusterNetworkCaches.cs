using k8s.Models;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>
/// The informer caches the ClusterNetwork controller decides from (read-only: never mutate what they return). Nodes (with
/// their labels) and NodeNetworkStates give a hostInterface network's <c>nodesReady</c>; without them it is not reported.
/// </summary>
internal sealed record ClusterNetworkCaches(
    IReadOnlyStore<ClusterNetwork> Networks,
    IReadOnlyStore<NadResource> Nads,
    IReadOnlyStore<V1Namespace> Namespaces,
    IReadOnlyStore<IpPoolResource> Pools,
    IReadOnlyStore<V1Node>? Nodes = null,
    IReadOnlyStore<NodeNetworkState>? NodeStates = null);
