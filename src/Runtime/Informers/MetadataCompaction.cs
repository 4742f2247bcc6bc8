using k8s;
using k8s.Models;

namespace Multi.Runtime.Informers;

/// <summary>
/// An informer transform for any resource: drops what no controller reads from a cache (managedFields, the largest part
/// of most objects, and selfLink) and holds the strings objects repeat once (<see cref="SharedValues"/>: apiVersion,
/// kind, name, namespace, label and annotation keys and values, finalizers) with labels and annotations as compact
/// read-only maps (<see cref="MetadataMap"/>). UIDs and resource versions, unique per object, are left as they are. One
/// instance per informer; it changes the object it is given, which the informer has just decoded and nobody else holds.
/// </summary>
public sealed class MetadataCompaction
{
    public MetadataCompaction(SharedValues? shared = null) => Shared = shared ?? new SharedValues();

    /// <summary>The table this compaction shares through; a resource's own transform may share its spec's values with it.</summary>
    public SharedValues Shared { get; }

    /// <summary>The transform (<see cref="InformerOptions.Transform"/>): answers the object it was given.</summary>
    public object Compact(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is IKubernetesObject typed)
        {
            typed.ApiVersion = Shared.Share(typed.ApiVersion);
            typed.Kind = Shared.Share(typed.Kind);
        }

        if (obj is IMetadata<V1ObjectMeta> { Metadata: { } meta })
            CompactMetadata(meta);
        return obj;
    }

    private void CompactMetadata(V1ObjectMeta meta)
    {
        meta.ManagedFields = null;
        meta.SelfLink = null;
        meta.Name = Shared.Share(meta.Name);
        meta.NamespaceProperty = Shared.Share(meta.NamespaceProperty);
        meta.GenerateName = Shared.Share(meta.GenerateName);
        meta.Labels = MetadataMap.Of(meta.Labels, Shared);
        meta.Annotations = MetadataMap.Of(meta.Annotations, Shared);
        if (meta.Finalizers is { Count: > 0 } finalizers)
            meta.Finalizers = [.. finalizers.Select(f => Shared.Share(f)!)];
    }
}
