using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;

namespace Multi.Operator.Kube;

/// <summary>The writes on ClusterNetworks: the finalizer (conditioned on the cached resourceVersion) and the status.</summary>
internal sealed class ClusterNetworkWrites(IKubernetes client)
{
    /// <summary>
    /// Sets the finalizer list to <paramref name="finalizers"/>, conditioned on the cached resourceVersion and UID. False
    /// when the object moved on or is gone (409, 404): the informer delivers the newer state, which decides again.
    /// </summary>
    public async Task<bool> TrySetFinalizersAsync(ClusterNetwork network, IReadOnlyList<string> finalizers, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["uid"] = network.Metadata.Uid,
                ["resourceVersion"] = network.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            },
        };
        try
        {
            await client.CustomObjects.PatchClusterCustomObjectAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), ClusterNetwork.Group, ClusterNetwork.Version,
                ClusterNetwork.Plural, network.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (KubeErrors.IsConflict(ex) || KubeErrors.IsNotFound(ex))
        {
            return false;
        }
    }

    /// <summary>Replaces the status whole (merge patch of /status), for the object with this UID only.</summary>
    public Task WriteStatusAsync(ClusterNetwork network, ClusterNetworkStatus status, CancellationToken cancellationToken) =>
        StatusPatch.WriteClusterAsync(client, ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, network.Metadata, status, cancellationToken);
}
