using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Validation;

namespace Multi.Operator.Controllers.NadValidation;

/// <summary>
/// The verdict on a NAD's config as a condition-style annotation, which <c>kubectl describe</c> shows:
/// <c>multi.dev/validation: {"type":"Valid","status":"True","reason":"ConfigValid","message":"…","config":"sha256:…"}</c>.
/// <c>config</c> is a hash of the config text it judged, so a verdict is current exactly when the hash matches; a
/// NAD's generation cannot serve, since a rendered NAD is born with its verdict before it has one.
/// </summary>
internal static class NadVerdictAnnotation
{
    public const string Key = "multi.dev/validation";

    /// <summary>Messages are cut here so an annotation stays small whatever the config holds.</summary>
    public const int MaxMessageLength = 1024;

    public static string Render(NadVerdict verdict, string? config)
    {
        var json = new JsonObject
        {
            ["type"] = "Valid",
            ["status"] = verdict.Valid ? "True" : "False",
            ["reason"] = verdict.Valid ? (config is null ? "ConfigOnNode" : "ConfigValid") : "InvalidConfig",
            ["message"] = Message(verdict),
            ["config"] = ConfigHash(config),
        };
        return json.ToJsonString();
    }

    public static string Message(NadVerdict verdict)
    {
        var text = verdict.Valid
            ? string.Join("; ", verdict.Notes.DefaultIfEmpty("config is valid"))
            : string.Join("; ", verdict.Problems.Select(p => $"{p.Path}: {p.Message}"));
        return text.Length <= MaxMessageLength ? text : text[..(MaxMessageLength - 1)] + "…";
    }

    public static string ConfigHash(string? config) =>
        config is null ? "none" : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(config)))[..16];

    /// <summary>True when <paramref name="annotation"/> is a verdict on exactly <paramref name="config"/>.</summary>
    public static bool IsCurrent(string? annotation, string? config)
    {
        if (annotation is null)
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(annotation) is JsonObject json && json["config"] is JsonValue hash
                && hash.TryGetValue<string>(out var text) && text == ConfigHash(config);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
