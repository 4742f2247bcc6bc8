using k8s.Models;

namespace Multi.Runtime.Reconcile;

/// <summary>What a reconciler is asked about: a namespace (null for cluster-scoped objects) and a name.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(V1ObjectMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return new ObjectKey(string.IsNullOrEmpty(meta.NamespaceProperty) ? null : meta.NamespaceProperty, meta.Name ?? string.Empty);
    }

    public override string ToString() => Namespace is null ? Name : Namespace + "/" + Name;
}
