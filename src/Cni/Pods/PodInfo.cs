using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Annotations;
using Multi.Core.Devices;

namespace Multi.Cni.Pods;

/// <summary>
/// What the plugin reads from a pod object: identity, annotations and the extended resources its containers request
/// (<see cref="PodResourceRequests"/>: whether a device-plugin resource is requested decides between codes 110 and 11).
/// </summary>
internal sealed record PodInfo(string Namespace, string Name, string Uid, ImmutableDictionary<string, string> Annotations)
{
    public ImmutableDictionary<string, long> ResourceRequests { get; init; } = ImmutableDictionary<string, long>.Empty;

    public const string ConfigSourceAnnotation = "kubernetes.io/config.source";

    /// <summary>Static and mirror pods carry a config source other than <c>api</c>; their UID differs from the kubelet's.</summary>
    public bool IsStaticOrMirror => Annotations.TryGetValue(ConfigSourceAnnotation, out var source) && source != "api";

    /// <summary><c>namespace/name</c>, as every message names the pod.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";

    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// Stands for a string the API server stored with a lone UTF-16 surrogate, which the JSON reader refuses to
    /// decode: a lone surrogate itself, so that the annotation's parser reports it as invalid Unicode (code 103).
    /// </summary>
    public const string UndecodableText = "\uD800";

    /// <summary>
    /// Reads the fields from a pod object; a missing name or namespace is an error (the object is not a pod), and so is
    /// metadata the JSON reader cannot decode. An annotation it cannot decode is kept as <see cref="UndecodableText"/>.
    /// </summary>
    public static PodInfo From(JsonObject pod)
    {
        try
        {
            var metadata = pod["metadata"] as JsonObject ?? throw new FormatException("the pod object has no metadata");
            return new PodInfo(
                String(metadata, "namespace") ?? throw new FormatException("the pod object has no metadata.namespace"),
                String(metadata, "name") ?? throw new FormatException("the pod object has no metadata.name"),
                String(metadata, "uid") ?? string.Empty,
                ReadAnnotations(metadata)) { ResourceRequests = PodResourceRequests.FromSpec(pod["spec"] as JsonObject) };
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"the pod's metadata is not valid Unicode: {ex.Message}", ex);
        }
    }

    private static ImmutableDictionary<string, string> ReadAnnotations(JsonObject metadata)
    {
        var annotations = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        JsonObject? map;
        try
        {
            map = metadata["annotations"] as JsonObject;
            _ = map?.Count; // reads every key
        }
        catch (InvalidOperationException)
        {
            // A key that cannot be decoded: none of the annotations can be trusted.
            annotations[NetworkSelectionParser.NetworksAnnotation] = UndecodableText;
            return annotations.ToImmutable();
        }

        foreach (var (key, value) in map ?? [])
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                try
                {
                    annotations[key] = v.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    annotations[key] = UndecodableText;
                }
            }
        }

        return annotations.ToImmutable();
    }

    private static string? String(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
