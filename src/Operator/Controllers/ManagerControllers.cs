using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Multi.Core.Networks;
using Multi.Core.Ipam;
using Multi.Operator.Controllers.ClusterNetworks;
using Multi.Operator.Controllers.IpPools;
using Multi.Operator.Controllers.NadValidation;
using Multi.Operator.Controllers.Reclaim;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.Controllers;

/// <summary>The manager's informers and controllers, wired onto a <see cref="ControllerManager"/>.</summary>
internal static class ManagerControllers
{
    public static ManagerStores Register(ControllerManager manager, IKubernetes client, int workers, NadRenderOptions render, ReclaimOptions reclaim, TimeProvider time, ILoggerFactory loggers)
    {
        var networks = manager.AddInformer("clusternetworks", ListWatchers.For<ClusterNetwork>(client, ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural), Compacted());
        var nads = manager.AddInformer(
            "network-attachment-definitions", ListWatchers.For<NadResource>(client, NadResource.Group, NadResource.Version, NadResource.Plural),
            new InformerOptions { Transform = new NadCacheEntry().Trim });
        nads.AddIndex(Ownership.NetworkIndex, n => n.Metadata.Labels?.TryGetValue(Ownership.NetworkLabel, out var owner) == true ? [owner] : []);
        var namespaces = manager.AddInformer("namespaces", ListWatchers.For<V1Namespace>(client, "", "v1", "namespaces"), Compacted());
        var pools = manager.AddInformer("ippools", ListWatchers.For<IpPoolResource>(client, IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural), Compacted());

        var nodes = manager.AddInformer("nodes", ListWatchers.For<V1Node>(client, "", "v1", "nodes"), new InformerOptions { Transform = ReclaimCaches.TrimNode });
        var nodeStates = manager.AddInformer("nodenetworkstates", ListWatchers.For<NodeNetworkState>(client, NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural), Compacted());

        var events = new EventRecorder(client, time, loggers.CreateLogger<EventRecorder>());
        var nadWrites = new NadWrites(client);
        var caches = new ClusterNetworkCaches(networks.Store, nads.Store, namespaces.Store, pools.Store, nodes.Store, nodeStates.Store);
        var reconciler = new ClusterNetworkReconciler(
            caches, new ClusterNetworkWrites(client), nadWrites, new OwnedPools(client, pools.Store), new AttachedPods(client), events, render, time,
            loggers.CreateLogger<ClusterNetworkReconciler>());
        manager.AddController("clusternetwork", reconciler, workers)
            .For(networks)
            .Watches(nads, nad => NetworksOfNad(nad, networks.Store))
            .Watches(namespaces, _ => networks.Store.List().Select(n => ObjectKey.Of(n.Metadata)))
            .Watches(pools, pool => NetworksOfPool(pool, networks.Store))
            // a node's report also releases the networks being deleted, whose links it may no longer list
            .Watches(nodeStates, state => NetworksOfNodeState(state).Concat(networks.Store.List().Where(n => n.Metadata.DeletionTimestamp is not null).Select(n => ObjectKey.Of(n.Metadata))))
            .Watches(nodes, _ => networks.Store.List().Where(n => n.Spec.HostInterface is not null).Select(n => ObjectKey.Of(n.Metadata)));

        var claims = manager.AddInformer("ipallocations", ListWatchers.For<IpAllocationResource>(client, IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural),
            new InformerOptions { Transform = new ClaimCacheEntry().Trim });
        claims.AddIndex(IpPoolCaches.PoolIndex, c => c.Metadata.Labels?.TryGetValue(IpAllocationResource.PoolLabel, out var pool) == true ? [pool] : []);
        RegisterPoolStatus(manager, client, pools, claims, events, workers, time);
        RegisterReclaim(manager, client, pools, claims, nodes, events, workers, reclaim, time, loggers);

        manager.AddController("nad-validation", new NadValidationReconciler(nads.Store, nadWrites, events, loggers.CreateLogger<NadValidationReconciler>()), workers)
            .For(nads);
        return new ManagerStores(nads.Store, pools.Store, networks.Store, nodeStates.Store);
    }

    /// <summary>The IPPool status controller: keyed by pool; a claim maps to its pool, a pool also to the pools it overlaps.</summary>
    private static void RegisterPoolStatus(ControllerManager manager, IKubernetes client, Informer<IpPoolResource> pools, Informer<IpAllocationResource> claims, EventRecorder events, int workers, TimeProvider time)
    {
        var reconciler = new IpPoolStatusReconciler(new IpPoolCaches(pools.Store, claims.Store), new IpPoolWrites(client), events, new IpPoolMetrics(manager.Metrics), time);
        manager.AddController("ippool-status", reconciler, workers)
            .For(pools)
            .Watches(claims, c => c.Metadata.Labels?.TryGetValue(IpAllocationResource.PoolLabel, out var pool) == true ? [new ObjectKey(null, pool)] : [])
            .Watches(pools, pool => PoolsAffectedBy(pool, pools.Store));
    }

    /// <summary>
    /// Leak reclaim: a controller keyed by claim (claim events, a pod's events mapped to the claims it owns, a node's to the
    /// node-reserved claims it holds, through the claim indexes) and the per-pool audit, which feeds the same queue.
    /// </summary>
    private static void RegisterReclaim(
        ControllerManager manager, IKubernetes client, Informer<IpPoolResource> pools, Informer<IpAllocationResource> claims, Informer<V1Node> nodes, EventRecorder events, int workers,
        ReclaimOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var pods = manager.AddInformer("pods", ListWatchers.For<V1Pod>(client, "", "v1", "pods"), new InformerOptions { Transform = ReclaimCaches.TrimPod });
        claims.AddIndex(ReclaimCaches.PodUidIndex, c => c.Spec?.Owner?.PodUid is { Length: > 0 } uid ? [uid] : []);
        claims.AddIndex(ReclaimCaches.NodeIndex, c => c.Spec?.Owner?.Node is { Length: > 0 } node ? [node] : []);
        var caches = new ReclaimCaches(pods.Store, nodes.Store, claims.Store, pools.Store);
        var api = new ReclaimApi(client);
        var metrics = new ReclaimMetrics(manager.Metrics);
        var reclaimer = manager.AddController(
                "ipam-reclaim", new ClaimReclaimer(caches, api, events, metrics, options, time, loggers.CreateLogger<ClaimReclaimer>()), workers)
            .For(claims)
            .Watches(pods, pod => claims.Store.ByIndex(ReclaimCaches.PodUidIndex, pod.Metadata.Uid ?? "").Select(c => ObjectKey.Of(c.Metadata)))
            .Watches(nodes, node => claims.Store.ByIndex(ReclaimCaches.NodeIndex, node.Metadata.Name ?? "")
                .Where(c => IpAllocationKinds.Normalize(c.Spec.Kind) == IpAllocationKinds.NodeReserved)
                .Select(c => ObjectKey.Of(c.Metadata)));
        manager.AddController("ipam-audit", new PoolAuditor(caches, api, reclaimer.Queue, metrics, options, time, loggers.CreateLogger<PoolAuditor>()), 1)
            .For(pools);
    }

    /// <summary>
    /// The pools whose Degraded condition a pool's change may flip: those its CIDR overlaps now, and those reporting an
    /// overlap (which may have been with this pool's previous CIDR).
    /// </summary>
    private static IEnumerable<ObjectKey> PoolsAffectedBy(IpPoolResource pool, IReadOnlyStore<IpPoolResource> pools)
    {
        var cidr = IpCidr.TryParse(pool.Spec.Cidr, out var parsed, out _) ? parsed : null;
        return pools.List()
            .Where(p => p.Metadata.Name != pool.Metadata.Name)
            .Where(p => (cidr is not null && IpCidr.TryParse(p.Spec.Cidr, out var other, out _) && other.Overlaps(cidr))
                || p.Status?.Conditions.Any(c => c.Type == Condition.Degraded && c.Status == "True") == true)
            .Select(p => ObjectKey.Of(p.Metadata));
    }

    /// <summary>The network that rendered a NAD, and the one whose name it takes (a hand-written NAD in its way).</summary>
    private static IEnumerable<ObjectKey> NetworksOfNad(NadResource nad, IReadOnlyStore<ClusterNetwork> networks)
    {
        if (nad.Metadata.Labels?.TryGetValue(Ownership.NetworkLabel, out var owner) == true)
        {
            yield return new ObjectKey(null, owner);
        }
        else if (networks.Get(new(null, nad.Metadata.Name)) is not null)
        {
            yield return new ObjectKey(null, nad.Metadata.Name);
        }
    }

    /// <summary>The networks a node's NodeNetworkState mentions (ready, or needing a link there): their nodesReady may change.</summary>
    private static IEnumerable<ObjectKey> NetworksOfNodeState(NodeNetworkState state) =>
        (state.Status?.ReadyNetworks ?? []).Concat(state.Status?.Links.SelectMany(l => l.Networks) ?? [])
            .Distinct(StringComparer.Ordinal).Select(n => new ObjectKey(null, n));

    /// <summary>The network that owns a pool (inline) and those that reference it (poolRef).</summary>
    private static IEnumerable<ObjectKey> NetworksOfPool(IpPoolResource pool, IReadOnlyStore<ClusterNetwork> networks) =>
        networks.List()
            .Where(n => n.Metadata.Name == pool.Metadata.Name || n.Spec.Ipam?.PoolRef == pool.Metadata.Name)
            .Select(n => ObjectKey.Of(n.Metadata));

    /// <summary>Each informer its own compaction: its table of shared strings lives as long as that informer.</summary>
    private static InformerOptions Compacted() => new() { Transform = new MetadataCompaction().Compact };
}
