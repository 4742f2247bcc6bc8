using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;
using Multi.Operator.Kube;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>The agent's writes of its node's <see cref="NodeNetworkState"/> (cluster-scoped, named after the node).</summary>
internal sealed class NodeNetworkStateWrites(IKubernetes client)
{
    /// <summary>
    /// Creates the record (without status) and returns its metadata; an existing one (409) is read instead. With the
    /// Node's UID known the record is owned by the Node, so Kubernetes' garbage collector deletes it with the node.
    /// </summary>
    public async Task<V1ObjectMeta> CreateAsync(string node, string? nodeUid, CancellationToken cancellationToken)
    {
        var owners = string.IsNullOrEmpty(nodeUid) ? null : new List<V1OwnerReference> { new() { ApiVersion = "v1", Kind = "Node", Name = node, Uid = nodeUid } };
        var body = new NodeNetworkState { Metadata = new V1ObjectMeta { Name = node, OwnerReferences = owners }, Spec = new NodeNetworkStateSpec { NodeName = node } };
        object created;
        try
        {
            created = await client.CustomObjects.CreateClusterCustomObjectAsync(
                body, NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubeErrors.IsConflict(ex))
        {
            created = await client.CustomObjects.GetClusterCustomObjectAsync(
                NodeNetworkState.Group, NodeNetworkState.Version, NodeNetworkState.Plural, node, cancellationToken).ConfigureAwait(false);
        }

        return KubernetesJson.Deserialize<NodeNetworkState>(KubernetesJson.Serialize(created)).Metadata;
    }

    /// <summary>
    /// Replaces the status whole (merge patch of /status for this UID; a cleared last error is written as null so that the
    /// merge removes it). A 404 or 409 is ignored: the record was deleted or re-created, and the next pass writes again.
    /// </summary>
    public async Task WriteStatusAsync(V1ObjectMeta meta, NodeNetworkStateStatus status, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();
        body.TryAdd("lastError", null);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["uid"] = meta.Uid }, ["status"] = body };
        try
        {
            await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), NodeNetworkState.Group, NodeNetworkState.Version,
                NodeNetworkState.Plural, meta.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubeErrors.IsConflict(ex) || KubeErrors.IsNotFound(ex))
        {
        }
    }
}
