using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Multi.Operator.Entities;
using Multi.Operator.Kube;
using Multi.Runtime;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;
using Prometheus;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// The agent's informers and its one host-interface controller on a <see cref="ControllerManager"/>: every ClusterNetwork,
/// this node's Node and NodeNetworkState (field selector on the name), the pods on this node (field selector
/// <c>spec.nodeName</c>, trimmed to the network-status annotation). Every event of any of them enqueues the node's key.
/// </summary>
internal static class HostLinkControllers
{
    public static ControllerBuilder Register(
        ControllerManager manager, IKubernetes client, string node, HostLinkKernel kernel, TimeSpan resync, CollectorRegistry metrics, TimeProvider time, ILoggerFactory loggers)
    {
        var trim = new InformerOptions { Transform = WithoutManagedFields };
        var networks = manager.AddInformer("clusternetworks", ListWatchers.For<ClusterNetwork>(client, ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural), trim);
        var nodes = manager.AddInformer("node", ListWatchers.For<V1Node>(client, "", "v1", "nodes", fieldSelector: $"metadata.name={node}"),
            new InformerOptions { Transform = TrimNode });
        var pods = manager.AddInformer("node-pods", ListWatchers.For<V1Pod>(client, "", "v1", "pods", fieldSelector: $"spec.nodeName={node}"),
            new InformerOptions { Transform = PodAttachments.Trim });
        var states = manager.AddInformer("nodenetworkstate",
            ListWatchers.For<NodeNetworkState>(client, NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, fieldSelector: $"metadata.name={node}"), trim);
        var caches = new HostInterfaceCaches(networks.Store, nodes.Store, pods.Store, states.Store);
        var reconciler = new HostInterfaceReconciler(
            node, caches, kernel, new NodeNetworkStateWrites(client), new EventRecorder(client, time, loggers.CreateLogger<EventRecorder>(), "multi-agent"),
            new HostLinkMetrics(metrics), resync, time, loggers.CreateLogger<HostInterfaceReconciler>());
        var key = reconciler.Key;
        var builder = manager.AddController("host-interfaces", reconciler, workers: 1)
            .Watches(networks, _ => [key])
            .Watches(nodes, _ => [key])
            .Watches(pods, _ => [key])
            .Watches(states, _ => [key]);
        builder.Queue.Add(key);
        return builder;
    }

    /// <summary>The Node reduced to what selection reads: its name and labels.</summary>
    private static object TrimNode(object obj) => obj is V1Node n
        ? new V1Node
        {
            ApiVersion = n.ApiVersion,
            Kind = n.Kind,
            Metadata = new V1ObjectMeta { Name = n.Metadata?.Name, Uid = n.Metadata?.Uid, ResourceVersion = n.Metadata?.ResourceVersion, Labels = n.Metadata?.Labels },
        }
        : obj;

    private static object WithoutManagedFields(object obj)
    {
        if (obj is IMetadata<V1ObjectMeta> { Metadata: { } meta })
        {
            meta.ManagedFields = null;
        }

        return obj;
    }
}
