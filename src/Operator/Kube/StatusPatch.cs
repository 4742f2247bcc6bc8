using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Multi.Operator.Kube;

/// <summary>The status write of every cluster-scoped resource the manager reports on.</summary>
internal static class StatusPatch
{
    /// <summary>
    /// Replaces the status whole (merge patch of /status), for the object with this UID only. A 404 or 409 is ignored: the
    /// object was deleted or re-created under a new UID, and the status belonged to an object that no longer exists.
    /// </summary>
    public static async Task WriteClusterAsync(
        IKubernetes client, string group, string version, string plural, V1ObjectMeta meta, object status, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = meta.Uid },
            ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)),
        };
        try
        {
            await client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), group, version, plural, meta.Name,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubeErrors.IsConflict(ex) || KubeErrors.IsNotFound(ex))
        {
        }
    }
}
