using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Core.Delegates;

/// <summary>Parses delegate configurations (cni-protocol.md, section 6; npwg-behaviour.md, section 5).</summary>
public static class NetworkConfigParser
{
    /// <summary>Parses JSON text; <paramref name="source"/> names where it came from in error messages.</summary>
    public static Outcome<NetworkConfigList> Parse(ReadOnlySpan<byte> json, string inheritedVersion, string source, bool forceList = false)
    {
        try
        {
            return Json.Parse(json) is JsonObject obj
                ? Parse(obj, inheritedVersion, source, forceList)
                : Invalid(source, "configuration must be a JSON object");
        }
        catch (JsonException ex)
        {
            return Outcome<NetworkConfigList>.Fail(CniErrorCode.InvalidNetworkConfig, $"{source}: configuration is not valid JSON", ex.Message);
        }
    }

    /// <summary>
    /// An object with a non-empty <c>type</c> is a single plugin (unless <paramref name="forceList"/>, for
    /// <c>.conflist</c> files); otherwise it must carry a non-empty <c>plugins</c> array.
    /// </summary>
    public static Outcome<NetworkConfigList> Parse(JsonObject raw, string inheritedVersion, string source, bool forceList = false)
    {
        try
        {
            return ParseChecked(raw, inheritedVersion, source, forceList);
        }
        catch (FormatException ex)
        {
            return Invalid(source, ex.Message);
        }
    }

    private static Outcome<NetworkConfigList> ParseChecked(JsonObject raw, string inheritedVersion, string source, bool forceList)
    {
        var name = Json.GetString(raw, "name") ?? string.Empty;
        var isSingle = !forceList && !string.IsNullOrEmpty(Json.GetString(raw, "type"));
        var version = SelectVersion(raw, inheritedVersion, source);
        if (!version.IsOk)
        {
            return Outcome<NetworkConfigList>.Fail(version.Error);
        }

        ImmutableArray<JsonObject> plugins;
        if (isSingle)
        {
            var plugin = (JsonObject)raw.DeepClone();
            plugin.Remove("cniVersions");
            plugins = [plugin];
        }
        else
        {
            if (raw["plugins"] is not JsonArray { Count: > 0 } list)
            {
                return Invalid(source, raw.ContainsKey("plugins") ? "\"plugins\" must be a non-empty array" : "configuration has neither \"type\" nor \"plugins\"");
            }

            var builder = ImmutableArray.CreateBuilder<JsonObject>();
            foreach (var (item, index) in list.Select((n, i) => (n, i)))
            {
                var plugin = Json.AsObject(item, $"plugins[{index}]");
                if (string.IsNullOrEmpty(Json.GetString(plugin, "type")))
                {
                    return Invalid(source, $"plugins[{index}] has no \"type\"");
                }

                builder.Add((JsonObject)plugin.DeepClone());
            }

            plugins = builder.ToImmutable();
        }

        foreach (var plugin in plugins)
        {
            var type = Json.GetString(plugin, "type");
            if (string.IsNullOrEmpty(type))
            {
                return Invalid(source, "plugin has no \"type\"");
            }

            if (type.Contains('/', StringComparison.Ordinal) || type.Contains('\\', StringComparison.Ordinal))
            {
                return Invalid(source, $"plugin type \"{type}\" must not contain '/' or '\\'");
            }
        }

        return Outcome<NetworkConfigList>.Ok(new NetworkConfigList(
            name,
            version.Value,
            plugins,
            Json.GetLenientBool(raw, "disableCheck") ?? false,
            Json.GetLenientBool(raw, "disableGC") ?? false));
    }

    /// <summary>
    /// The highest version from <c>cniVersion</c> and <c>cniVersions</c> that Multi supports; a delegate naming
    /// no version inherits <paramref name="inheritedVersion"/>. A malformed entry is invalid (code 7).
    /// </summary>
    public static Outcome<string> SelectVersion(JsonObject raw, string inheritedVersion, string source)
    {
        var candidates = new List<string>();
        if (Json.GetString(raw, "cniVersion") is { Length: > 0 } single)
        {
            candidates.Add(single);
        }

        foreach (var entry in Json.Array(raw, "cniVersions"))
        {
            if (entry is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !CniVersion.TryParse(v.GetValue<string>(), out _))
            {
                return Outcome<string>.Fail(CniErrorCode.InvalidNetworkConfig, $"{source}: \"cniVersions\" entry {entry?.ToJsonString() ?? "null"} is not a version");
            }

            candidates.Add(v.GetValue<string>());
        }

        if (candidates.Count == 0)
        {
            return Outcome<string>.Ok(inheritedVersion);
        }

        var best = candidates.Where(CniVersion.IsSupported).OrderByDescending(c => CniVersion.Supported.ToList().IndexOf(c)).FirstOrDefault();
        return best is not null
            ? Outcome<string>.Ok(best)
            : Outcome<string>.Fail(CniErrorCode.InvalidNetworkConfig, $"{source}: none of the versions {string.Join(", ", candidates)} is supported", $"supported: {CniVersion.SupportedList}");
    }

    /// <summary>Reads a list back from the cache or from <see cref="NetworkConfigList.ToJson"/>.</summary>
    public static Outcome<NetworkConfigList> FromNormalised(JsonObject json) => Parse(json, CniVersion.Latest, "cached network", forceList: true);

    private static Outcome<NetworkConfigList> Invalid(string source, string message) =>
        Outcome<NetworkConfigList>.Fail(CniErrorCode.InvalidNetworkConfig, $"{source}: {message}");
}
