using System.Text.Json;
using k8s;

namespace Multi.Operator.Webhook;

/// <summary>Decodes the raw <c>request.object</c> with the client's serializer (the operator's entities through its source-generated context).</summary>
internal static class AdmissionObjects
{
    /// <summary>The object, or null and the reason it cannot be read (absent, not an object, or of the wrong shape).</summary>
    public static T? Decode<T>(JsonElement? raw, string kind, out string? error)
        where T : class
    {
        error = null;
        if (raw is not { ValueKind: JsonValueKind.Object } element)
        {
            error = $"request.object must be a {kind} object, not {(raw is null ? "absent" : raw.Value.ValueKind.ToString().ToLowerInvariant())}";
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<T>(element.GetRawText()) ?? throw new JsonException("null");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            error = $"request.object is not a readable {kind}: {ex.Message}";
            return null;
        }
    }

    /// <summary>
    /// True when an UPDATE leaves <c>spec</c> (and the metadata annotation <paramref name="annotation"/>, when named) as it
    /// was: a finalizer, a label or a verdict annotation written on an object admitted before the webhook existed, or
    /// before a rule was added, must not be refused for a spec nobody is changing (a network could never be deleted).
    /// </summary>
    public static bool SpecUnchanged(JsonElement? raw, JsonElement? old, string? annotation = null)
    {
        if (raw is not { ValueKind: JsonValueKind.Object } current || old is not { ValueKind: JsonValueKind.Object } previous)
        {
            return false;
        }

        return Same(Member(current, "spec"), Member(previous, "spec"))
            && (annotation is null || Same(Annotation(current, annotation), Annotation(previous, annotation)));
    }

    private static JsonElement? Member(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? value : null;

    private static JsonElement? Annotation(JsonElement obj, string key) =>
        Member(obj, "metadata") is { ValueKind: JsonValueKind.Object } meta && Member(meta, "annotations") is { ValueKind: JsonValueKind.Object } annotations
            ? Member(annotations, key)
            : null;

    private static bool Same(JsonElement? a, JsonElement? b) =>
        (a is null && b is null) || (a is { } x && b is { } y && JsonElement.DeepEquals(x, y));
}
