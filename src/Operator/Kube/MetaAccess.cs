using k8s.Models;

namespace Multi.Operator.Kube;

/// <summary>Label and annotation lookups on object metadata, whose maps may be absent.</summary>
internal static class MetaAccess
{
    public static string? Annotation(this V1ObjectMeta meta, string key) =>
        meta.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    public static string? Label(this V1ObjectMeta meta, string key) =>
        meta.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
