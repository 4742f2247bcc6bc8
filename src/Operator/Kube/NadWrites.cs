using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Operator.Entities;

namespace Multi.Operator.Kube;

/// <summary>The writes on NetworkAttachmentDefinitions, each conditioned on what the caller decided from.</summary>
internal sealed class NadWrites(IKubernetes client)
{
    public Task CreateAsync(NadResource nad, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(
            nad, NadResource.Group, NadResource.Version, nad.Metadata.NamespaceProperty, NadResource.Plural, cancellationToken: cancellationToken);

    /// <summary>A replace carrying the cached resourceVersion and UID: 409 when the NAD changed or was re-created meanwhile.</summary>
    public Task ReplaceAsync(NadResource nad, CancellationToken cancellationToken) =>
        client.CustomObjects.ReplaceNamespacedCustomObjectAsync(
            nad, NadResource.Group, NadResource.Version, nad.Metadata.NamespaceProperty, NadResource.Plural, nad.Metadata.Name, cancellationToken: cancellationToken);

    /// <summary>Deletes the NAD that was decided on (UID precondition); one already gone counts as deleted.</summary>
    public async Task DeleteAsync(NadResource nad, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                NadResource.Group, NadResource.Version, nad.Metadata.NamespaceProperty, NadResource.Plural, nad.Metadata.Name,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = nad.Metadata.Uid } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (KubeErrors.IsNotFound(ex))
        {
        }
    }

    /// <summary>Sets one annotation by a merge patch conditioned on the resourceVersion the value was computed from.</summary>
    public Task AnnotateAsync(NadResource nad, string key, string value, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = nad.Metadata.ResourceVersion,
                ["annotations"] = new JsonObject { [key] = value },
            },
        };
        return client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), NadResource.Group, NadResource.Version,
            nad.Metadata.NamespaceProperty, NadResource.Plural, nad.Metadata.Name, cancellationToken: cancellationToken);
    }
}
