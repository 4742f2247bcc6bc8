using k8s.Models;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>
/// What the agent's host-interface pass reads (read-only): every ClusterNetwork, this node's Node, the pods on this node
/// (trimmed by <see cref="PodAttachments.Trim"/>) and this node's NodeNetworkState.
/// </summary>
internal sealed record HostInterfaceCaches(
    IReadOnlyStore<ClusterNetwork> Networks,
    IReadOnlyStore<V1Node> Nodes,
    IReadOnlyStore<V1Pod> Pods,
    IReadOnlyStore<NodeNetworkState> States);
