using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.MetaPlugin.Pods;

/// <summary>What the plugin reads from a pod object: identity and annotations.</summary>
internal sealed record PodInfo(string Namespace, string Name, string Uid, ImmutableDictionary<string, string> Annotations)
{
    public const string ConfigSourceAnnotation = "kubernetes.io/config.source";

    /// <summary>Static and mirror pods carry a config source other than <c>api</c>; their UID differs from the kubelet's.</summary>
    public bool IsStaticOrMirror => Annotations.TryGetValue(ConfigSourceAnnotation, out var source) && source != "api";

    /// <summary><c>namespace/name</c>, as every message names the pod.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>Reads the fields from a pod object; a missing name or namespace is an error (the object is not a pod).</summary>
    public static PodInfo From(JsonObject pod)
    {
        var metadata = pod["metadata"] as JsonObject ?? throw new FormatException("the pod object has no metadata");
        var annotations = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (metadata["annotations"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    annotations[key] = v.GetValue<string>();
                }
            }
        }

        return new PodInfo(
            String(metadata, "namespace") ?? throw new FormatException("the pod object has no metadata.namespace"),
            String(metadata, "name") ?? throw new FormatException("the pod object has no metadata.name"),
            String(metadata, "uid") ?? string.Empty,
            annotations.ToImmutable());
    }

    private static string? String(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
