using k8s.Models;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>The informer caches the ClusterNetwork controller decides from (read-only: never mutate what they return).</summary>
internal sealed record ClusterNetworkCaches(
    IReadOnlyStore<ClusterNetwork> Networks,
    IReadOnlyStore<NadResource> Nads,
    IReadOnlyStore<V1Namespace> Namespaces,
    IReadOnlyStore<IpPoolResource> Pools);
