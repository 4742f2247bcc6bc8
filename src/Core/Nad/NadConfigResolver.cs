using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Delegates;

namespace Multi.Core.Nad;

/// <summary>
/// Turns a NetworkAttachmentDefinition into its delegate (npwg-behaviour.md, section 5). Every failure is code 104
/// and names the NAD. A delegate without <c>cniVersion</c> inherits <c>inheritedVersion</c>.
/// </summary>
public static class NadConfigResolver
{
    private static readonly string[] ConfDirExtensions = [".conf", ".json", ".conflist"];

    /// <summary>
    /// The delegate of a NAD with a non-empty <c>spec.config</c>; the NAD name is injected when <c>name</c> is missing
    /// or empty. Call <see cref="FromConfDir"/> instead when <see cref="NetworkAttachmentDefinition.UsesConfDir"/>.
    /// </summary>
    public static Outcome<NetworkConfigList> FromSpec(NetworkAttachmentDefinition nad, string inheritedVersion)
    {
        if (nad.UsesConfDir)
        {
            return Unusable(nad, "spec.config is empty; the delegate must come from confDir");
        }

        if (InputLimits.TextError(nad.Config!) is { } notText)
        {
            return Unusable(nad, $"spec.config is invalid: {notText}");
        }

        if (InputLimits.LengthError(nad.Config!, InputLimits.MaxDocumentBytes) is { } tooLong)
        {
            return Unusable(nad, $"spec.config is invalid: {tooLong}");
        }

        JsonNode? node;
        try
        {
            node = Json.Parse(Encoding.UTF8.GetBytes(nad.Config!));
        }
        catch (JsonException ex)
        {
            return Unusable(nad, "spec.config is not valid JSON", ex.Message);
        }

        if (node is not JsonObject config)
        {
            return Unusable(nad, "spec.config must be a JSON object");
        }

        if (config["name"] is null || config["name"] is JsonValue { } v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0)
        {
            config["name"] = nad.Name;
        }

        return Validate(nad, NetworkConfigParser.Parse(config, inheritedVersion, "spec.config"));
    }

    /// <summary>
    /// The delegate of a NAD without <c>spec.config</c>: among <paramref name="files"/> ending in <c>.conf</c>,
    /// <c>.json</c> or <c>.conflist</c>, in ordinal file-name order, the first whose <c>name</c> equals the NAD name.
    /// A <c>.conflist</c> is a list; any other file is a single plugin and must have <c>type</c>. Files that are not
    /// JSON objects are skipped and named in the details of the "no match" error.
    /// </summary>
    public static Outcome<NetworkConfigList> FromConfDir(NetworkAttachmentDefinition nad, IEnumerable<ConfDirFile> files, string confDir, string inheritedVersion)
    {
        var candidates = files
            .Where(f => ConfDirExtensions.Any(e => f.FileName.EndsWith(e, StringComparison.Ordinal)))
            .OrderBy(f => f.FileName, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return Unusable(nad, $"spec.config is empty and confDir {confDir} holds no .conf, .json or .conflist file");
        }

        var skipped = new List<string>();
        foreach (var file in candidates)
        {
            JsonObject config;
            try
            {
                config = Json.Parse(file.Content.Span) as JsonObject ?? throw new JsonException("not a JSON object");
            }
            catch (JsonException ex)
            {
                skipped.Add($"{file.FileName} ({ex.Message})");
                continue;
            }

            if (config["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == nad.Name)
            {
                return FromFile(nad, file.FileName, config, inheritedVersion);
            }
        }

        return Unusable(
            nad,
            $"spec.config is empty and no file in confDir {confDir} has the name \"{nad.Name}\"",
            skipped.Count == 0 ? null : $"skipped: {string.Join("; ", skipped)}");
    }

    private static Outcome<NetworkConfigList> FromFile(NetworkAttachmentDefinition nad, string fileName, JsonObject config, string inheritedVersion)
    {
        var isList = fileName.EndsWith(".conflist", StringComparison.Ordinal);
        if (!isList && !(config["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>().Length > 0))
        {
            return Unusable(nad, $"{fileName} has no \"type\"; a file other than .conflist must hold a single plugin");
        }

        return Validate(nad, NetworkConfigParser.Parse(config, inheritedVersion, fileName, forceList: isList));
    }

    private static Outcome<NetworkConfigList> Validate(NetworkAttachmentDefinition nad, Outcome<NetworkConfigList> parsed) =>
        parsed.IsOk ? parsed : Unusable(nad, parsed.Error.Msg, parsed.Error.Details);

    private static Outcome<NetworkConfigList> Unusable(NetworkAttachmentDefinition nad, string message, string? details = null) =>
        Outcome<NetworkConfigList>.Fail(CniErrorCode.NadUnusable, $"network-attachment-definition {nad.QualifiedName}: {message}", details);
}
