using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;

namespace Multi.Operator.Kube;

/// <summary>The writes on ClusterNetworks: the finalizer (conditioned on the cached resourceVersion) and the status.</summary>
internal sealed class ClusterNetworkWrites(IKubernetes client)
{
    /// <summary>Sets the finalizer list to <paramref name="finalizers"/>, or fails with 409 if the object moved on.</summary>
    public Task SetFinalizersAsync(ClusterNetwork network, IReadOnlyList<string> finalizers, CancellationToken cancellationToken)
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
        return client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), ClusterNetwork.Group, ClusterNetwork.Version,
            ClusterNetwork.Plural, network.Metadata.Name, cancellationToken: cancellationToken);
    }

    /// <summary>Replaces the status whole (merge patch of /status), for the object with this UID only.</summary>
    public Task WriteStatusAsync(ClusterNetwork network, ClusterNetworkStatus status, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = network.Metadata.Uid },
            ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)),
        };
        return client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), ClusterNetwork.Group, ClusterNetwork.Version,
            ClusterNetwork.Plural, network.Metadata.Name, cancellationToken: cancellationToken);
    }
}
