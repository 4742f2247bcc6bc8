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
}
