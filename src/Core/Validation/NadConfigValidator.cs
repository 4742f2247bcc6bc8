using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Ipam;
using Multi.Core.Nad;
using Multi.Core.Networks;

namespace Multi.Core.Validation;

/// <summary>
/// Validates a NAD, hand-written or rendered (docs/clusternetworks.md): <c>spec.config</c> is a single plugin with a type or a
/// conflist with non-empty <c>plugins</c>, each with a type; versions Multi supports; a CNI network name; the rules of each
/// plugin Multi renders; and the resourceName annotation (required by sriov). Returns every problem and never throws.
/// </summary>
public static class NadConfigValidator
{
    /// <summary>Larger configs are refused unread (the API server stores objects up to about 1.5 MiB in all).</summary>
    public const int MaxConfigLength = 1 << 20;

    private const string ResourcePath = $"metadata.annotations[{NetworkAttachmentDefinition.ResourceNameAnnotation}]";

    public static NadVerdict Validate(NetworkAttachmentDefinition nad)
    {
        ArgumentNullException.ThrowIfNull(nad);
        var problems = new List<NadProblem>();
        var notes = new List<string>();
        var hasResource = !string.IsNullOrEmpty(nad.ResourceName);
        if (hasResource && !IsResourceName(nad.ResourceName))
        {
            problems.Add(new NadProblem(ResourcePath, $"resourceName \"{nad.ResourceName}\" is not <prefix>/<name> (a DNS subdomain, '/', a name of 1–63 characters)"));
        }

        if (nad.UsesConfDir)
        {
            notes.Add($"spec.config is empty: the node reads the delegate named \"{nad.Name}\" from its confDir");
        }
        else if (Parse(nad.Config!, problems) is { } config)
        {
            CheckConfig(nad, config, hasResource, problems, notes);
        }

        return new NadVerdict(problems.Count == 0, problems, notes);
    }

    /// <summary>A device-plugin resource: <c>&lt;prefix&gt;/&lt;name&gt;</c> with a DNS-subdomain prefix, as in Kubernetes extended resources.</summary>
    public static bool IsResourceName(string? text) =>
        text is not null && text.Contains('/', StringComparison.Ordinal) && KubeNames.IsLabelKey(text);

    private static JsonObject? Parse(string text, List<NadProblem> problems)
    {
        if (text.Length > MaxConfigLength)
        {
            problems.Add(new NadProblem("config", $"config has {text.Length} characters; at most {MaxConfigLength} are read"));
            return null;
        }

        if (!IsValidUtf16(text))
        {
            problems.Add(new NadProblem("config", "config contains an unpaired UTF-16 surrogate"));
            return null;
        }

        try
        {
            if (Json.Parse(Encoding.UTF8.GetBytes(text)) is JsonObject obj)
            {
                return obj;
            }

            problems.Add(new NadProblem("config", "config must be a JSON object"));
        }
        catch (JsonException ex)
        {
            problems.Add(new NadProblem("config", $"config is not valid JSON: {ex.Message}"));
        }

        return null;
    }

    private static void CheckConfig(NetworkAttachmentDefinition nad, JsonObject config, bool hasResource, List<NadProblem> problems, List<string> notes)
    {
        CheckName(nad, config, problems, notes);
        CheckVersions(config, problems, notes);
        var type = JsonFields.String(config, "type", "config", problems);
        var plugins = new List<(JsonObject Plugin, string Path)>();
        if (!string.IsNullOrEmpty(type))
        {
            plugins.Add((config, "config"));
        }
        else
        {
            var list = JsonFields.Array(config, "plugins", "config", problems);
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                if (list![i] is JsonObject plugin)
                {
                    plugins.Add((plugin, $"config.plugins[{i}]"));
                }
                else
                {
                    problems.Add(new NadProblem($"config.plugins[{i}]", $"a plugin must be an object, not {JsonFields.Describe(list[i])}"));
                }
            }

            if (list is { Count: 0 } || config["plugins"] is null)
            {
                problems.Add(new NadProblem("config", list is null ? "config has neither a non-empty type nor plugins" : "plugins must be a non-empty array"));
            }
        }

        foreach (var (plugin, path) in plugins)
        {
            NadPluginChecks.Check(plugin, path, hasResource, problems);
        }

        if (!hasResource && plugins.Any(p => p.Plugin["type"] is JsonValue v && v.TryGetValue<string>(out var t) && t == ClusterNetworkTypes.Sriov))
        {
            problems.Add(new NadProblem(ResourcePath, "a sriov NAD needs the resourceName annotation; without it no device is ever assigned"));
        }
    }

    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The CNI spec's network name: an alphanumeric, then alphanumerics, '_', '.' or '-'. Absent: the NAD name is used.</summary>
    private static void CheckName(NetworkAttachmentDefinition nad, JsonObject config, List<NadProblem> problems, List<string> notes)
    {
        var name = JsonFields.String(config, "name", "config", problems);
        if (string.IsNullOrEmpty(name))
        {
            if (name is not null || config["name"] is null)
            {
                notes.Add($"config has no name; the NAD name \"{nad.Name}\" is used");
            }
        }
        else if (!char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            problems.Add(new NadProblem("config.name", $"name \"{name}\" is not a CNI network name (an alphanumeric, then alphanumerics, '_', '.' or '-')"));
        }
    }

    private static void CheckVersions(JsonObject config, List<NadProblem> problems, List<string> notes)
    {
        var version = JsonFields.String(config, "cniVersion", "config", problems);
        if (!string.IsNullOrEmpty(version) && !CniVersion.IsSupported(version))
        {
            problems.Add(new NadProblem("config.cniVersion", $"cniVersion \"{version}\" is not supported (supported: {CniVersion.SupportedList})"));
        }

        var versions = JsonFields.Array(config, "cniVersions", "config", problems);
        if (versions is { Count: > 0 } && !versions.Any(v => v is JsonValue s && s.TryGetValue<string>(out var text) && CniVersion.IsSupported(text)))
        {
            problems.Add(new NadProblem("config.cniVersions", $"none of cniVersions {JsonFields.Describe(versions)} is supported (supported: {CniVersion.SupportedList})"));
        }

        if (string.IsNullOrEmpty(version) && versions is not { Count: > 0 })
        {
            notes.Add("config has no cniVersion; the meta-plugin's cniVersion is used");
        }
    }
}
