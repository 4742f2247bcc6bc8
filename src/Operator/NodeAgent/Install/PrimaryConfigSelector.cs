using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Chooses the primary CNI configuration the way a runtime orders the conf dir (libcni: .conf, .conflist and .json files,
/// ordinal order), passing over Multi's own file, the skip list, anything that delegates to Multi or is a Multus
/// configuration (so Multi never nests itself or Multus), and files whose plugins are all chained or auxiliary ones.
/// The first remaining file is the primary; if it is malformed, nothing is chosen and the problem is returned.
/// </summary>
internal static class PrimaryConfigSelector
{
    private static readonly string[] Extensions = [".conf", ".conflist", ".json"];

    /// <summary>Plugin types that never provide a pod's network on their own: chained after a primary, or a runtime's extra file.</summary>
    public static readonly FrozenSet<string> AuxiliaryTypes = FrozenSet.Create(
        StringComparer.Ordinal, "tuning", "portmap", "bandwidth", "sbr", "firewall", "loopback", "istio-cni", "linkerd-cni", "kuma-cni");

    private static readonly FrozenSet<string> MetaTypes = FrozenSet.Create(StringComparer.Ordinal, "multi", "multus", "multus-shim");

    public static bool IsCandidate(string fileName) => Extensions.Any(e => fileName.EndsWith(e, StringComparison.Ordinal));

    public static PrimarySelection Select(IEnumerable<CniConfFile> files, IReadOnlyCollection<string> skipFiles)
    {
        var skipped = ImmutableArray.CreateBuilder<SkippedConf>();
        foreach (var file in files.Where(f => IsCandidate(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (file.Name == MultiConflist.FileName)
            {
                skipped.Add(new SkippedConf(file.Name, "Multi's own configuration"));
                continue;
            }

            if (skipFiles.Contains(file.Name))
            {
                skipped.Add(new SkippedConf(file.Name, "listed in Operator:Install:SkipFiles"));
                continue;
            }

            var judged = Judge(file);
            if (judged.Problem is { } problem)
            {
                return new PrimarySelection(null, skipped.ToImmutable(), $"{file.Name} would be the primary configuration but {problem}");
            }

            if (judged.SkipReason is { } reason)
            {
                skipped.Add(new SkippedConf(file.Name, reason));
                continue;
            }

            return new PrimarySelection(judged.Primary, skipped.ToImmutable(), null);
        }

        return new PrimarySelection(null, skipped.ToImmutable(), null);
    }

    private static (PrimaryConf? Primary, string? SkipReason, string? Problem) Judge(CniConfFile file)
    {
        if (file.Text is null)
        {
            return (null, null, $"cannot be read: {file.ReadError}");
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(file.Text) as JsonObject;
        }
        catch (JsonException ex)
        {
            return (null, null, $"is not valid JSON: {ex.Message}");
        }

        if (root is null)
        {
            return (null, null, "is not a JSON object");
        }

        if (Plugins(root) is not { } plugins)
        {
            return (null, null, "has neither a \"plugins\" list of objects with a \"type\" nor a \"type\"");
        }

        var types = plugins.Select(p => (string)p["type"]!).ToImmutableArray();
        var version = root["cniVersion"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : CniVersion.V100;
        if (!CniVersion.IsSupported(version))
        {
            return (null, null, $"has cniVersion \"{version}\", which multi does not support");
        }

        if (types.FirstOrDefault(MetaTypes.Contains) is { } meta)
        {
            return (null, meta == "multi" ? "delegates to multi (wrapping it would nest Multi in itself)" : $"is a Multus configuration (type {meta})", null);
        }

        if (new[] { root }.Concat(plugins).Any(o => o.ContainsKey("delegates") || o.ContainsKey("clusterNetwork")))
        {
            return (null, "is a meta-plugin configuration (has \"delegates\" or \"clusterNetwork\")", null);
        }

        if (types.All(AuxiliaryTypes.Contains))
        {
            return (null, $"holds only chained or auxiliary plugins ({string.Join(", ", types)})", null);
        }

        var name = root["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
        return (new PrimaryConf(file.Name, name, version, types, Capabilities(plugins)), null, null);
    }

    /// <summary>A conflist's plugins, or a single plugin configuration as a list of one; null when neither is well formed.</summary>
    private static List<JsonObject>? Plugins(JsonObject root)
    {
        var list = root["plugins"] is JsonArray array ? array.ToList() : root.ContainsKey("plugins") ? null : [root];
        if (list is null || list.Count == 0)
        {
            return null;
        }

        var plugins = list.OfType<JsonObject>().Where(p => p["type"] is JsonValue t && t.TryGetValue<string>(out var s) && s.Length > 0).ToList();
        return plugins.Count == list.Count ? plugins : null;
    }

    /// <summary>Capabilities any plugin declares true: the runtime passes their runtimeConfig only to a config that declares them.</summary>
    private static ImmutableArray<string> Capabilities(IEnumerable<JsonObject> plugins) =>
        [.. plugins
            .Select(p => p["capabilities"] as JsonObject)
            .OfType<JsonObject>()
            .SelectMany(c => c.Where(kv => kv.Value is JsonValue b && b.GetValueKind() == JsonValueKind.True).Select(kv => kv.Key))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
