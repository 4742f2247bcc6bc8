using k8s.Models;
using Multi.Core.Networks;
using Multi.Operator.Controllers.NadValidation;
using Multi.Operator.Entities;
using Multi.Operator.Kube;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>
/// A rendered NAD's object: the network's config, its labels and owner UID, the NPWG resource annotation for SR-IOV,
/// and the validation verdict it is born with (so the validation controller has nothing to add). Keys the operator
/// does not own (a user's annotations, other labels) are kept on update.
/// </summary>
internal static class NadRendering
{
    public static NadResource New(string @namespace, ClusterNetwork network, RenderedNad rendered, string verdict)
    {
        var nad = new NadResource
        {
            Metadata = new V1ObjectMeta { Name = network.Metadata.Name, NamespaceProperty = @namespace },
            Spec = new NadSpec { Config = rendered.Config },
        };
        Apply(nad, network, rendered, verdict);
        return nad;
    }

    /// <summary>A copy of <paramref name="existing"/> (never the cached object itself) carrying the rendering.</summary>
    public static NadResource Updated(NadResource existing, ClusterNetwork network, RenderedNad rendered, string verdict)
    {
        var nad = new NadResource
        {
            Metadata = new V1ObjectMeta
            {
                Name = existing.Metadata.Name,
                NamespaceProperty = existing.Metadata.NamespaceProperty,
                ResourceVersion = existing.Metadata.ResourceVersion,
                Uid = existing.Metadata.Uid,
                Labels = existing.Metadata.Labels is null ? null : new Dictionary<string, string>(existing.Metadata.Labels),
                Annotations = existing.Metadata.Annotations is null ? null : new Dictionary<string, string>(existing.Metadata.Annotations),
                Finalizers = existing.Metadata.Finalizers?.ToList(),
            },
            Spec = new NadSpec { Config = rendered.Config },
        };
        Apply(nad, network, rendered, verdict);
        return nad;
    }

    public static bool Differs(NadResource existing, ClusterNetwork network, RenderedNad rendered)
    {
        var meta = existing.Metadata;
        return existing.Spec.Config != rendered.Config
            || Ownership.OwnerUid(meta) != network.Metadata.Uid
            || meta.Annotation(NadResource.ResourceNameAnnotation) != rendered.ResourceName
            || meta.Label(Ownership.ManagedByLabel) != Ownership.ManagedByValue;
    }

    private static void Apply(NadResource nad, ClusterNetwork network, RenderedNad rendered, string verdict)
    {
        var labels = nad.Metadata.Labels ??= new Dictionary<string, string>();
        labels[Ownership.NetworkLabel] = network.Metadata.Name;
        labels[Ownership.ManagedByLabel] = Ownership.ManagedByValue;
        var annotations = nad.Metadata.Annotations ??= new Dictionary<string, string>();
        annotations[Ownership.OwnerUidAnnotation] = network.Metadata.Uid;
        annotations[NadVerdictAnnotation.Key] = verdict;
        if (rendered.ResourceName is null)
        {
            annotations.Remove(NadResource.ResourceNameAnnotation);
        }
        else
        {
            annotations[NadResource.ResourceNameAnnotation] = rendered.ResourceName;
        }
    }
}
