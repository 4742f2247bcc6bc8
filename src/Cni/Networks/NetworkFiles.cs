using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Cni.State;
using Multi.Core;
using Multi.Core.Cni;
using Multi.Core.Delegates;
using Multi.Core.Nad;

namespace Multi.Cni.Networks;

/// <summary>
/// Loads delegate networks from configuration files (cni-protocol.md, section 6; npwg-behaviour.md, section 2).
/// Unreadable files and directories are code 5; missing ones and bad content code 7.
/// </summary>
internal static class NetworkFiles
{
    private static readonly string[] ConfExtensions = [".conf", ".conflist", ".json"];

    /// <summary>A path: a directory yields its lexically first .conf/.conflist file; a .conflist is a list; other files a single plugin.</summary>
    public static NetworkConfigList LoadPath(string path, string inheritedVersion)
    {
        if (Directory.Exists(path))
        {
            var first = Files(path, [".conf", ".conflist"]).FirstOrDefault()
                ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, $"directory {path} holds no .conf or .conflist file");
            return LoadFile(first, inheritedVersion);
        }

        return File.Exists(path)
            ? LoadFile(path, inheritedVersion)
            : throw new CniException(CniErrorCode.InvalidNetworkConfig, $"network configuration {path} does not exist");
    }

    /// <summary>The first file in <paramref name="confDir"/> (lexical order) whose <c>name</c> equals <paramref name="name"/>.</summary>
    public static NetworkConfigList FindByName(string confDir, string name, string inheritedVersion)
    {
        if (!Directory.Exists(confDir))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"network \"{name}\" not found: confDir {confDir} does not exist");
        }

        var files = Files(confDir, ConfExtensions);
        if (files.Count == 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"network \"{name}\" not found: confDir {confDir} holds no .conf, .conflist or .json file");
        }

        var unreadable = new List<string>();
        foreach (var file in files)
        {
            JsonNode? node;
            try
            {
                node = Json.Parse(Read(file));
            }
            catch (JsonException ex)
            {
                unreadable.Add($"{Path.GetFileName(file)} is not valid JSON ({ex.Message})");
                continue;
            }

            if (node is JsonObject obj && obj["name"] is JsonValue v && v.TryGetValue<string>(out var n) && n == name)
            {
                return LoadFile(file, inheritedVersion);
            }
        }

        throw new CniException(
            CniErrorCode.InvalidNetworkConfig,
            $"network \"{name}\" not found: no file in {confDir} has that name",
            unreadable.Count == 0 ? null : $"skipped: {string.Join("; ", unreadable)}");
    }

    /// <summary>The .conf, .json and .conflist files of <paramref name="confDir"/> for NAD resolution; none when it does not exist.</summary>
    public static IReadOnlyList<ConfDirFile> ConfDirFiles(string confDir) => Directory.Exists(confDir)
        ? [.. Files(confDir, ConfExtensions).Select(f => new ConfDirFile(Path.GetFileName(f), Read(f)))]
        : [];

    private static NetworkConfigList LoadFile(string file, string inheritedVersion)
    {
        var isList = file.EndsWith(".conflist", StringComparison.Ordinal);
        var bytes = Read(file);
        var parsed = NetworkConfigParser.Parse(bytes, inheritedVersion, file, forceList: isList).Unwrap();
        if (!isList)
        {
            return parsed;
        }

        var raw = (JsonObject)Json.Parse(bytes)!;
        if (Json.GetLenientBool(raw, "loadOnlyInlinedPlugins") == true)
        {
            return parsed;
        }

        var subDir = Path.Combine(Path.GetDirectoryName(file)!, parsed.Name);
        if (parsed.Name.Length == 0 || !Directory.Exists(subDir))
        {
            return parsed;
        }

        var extra = Files(subDir, [".conf"]).Select(f => NetworkConfigParser.Parse(Read(f), parsed.CniVersion, f).Unwrap().Plugins[0]);
        return parsed with { Plugins = parsed.Plugins.AddRange(extra) };
    }

    private static List<string> Files(string dir, string[] extensions)
    {
        try
        {
            return Directory.EnumerateFiles(dir)
                .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.IoFailure, $"cannot read directory {dir}", ex.Message);
        }
    }

    private static byte[] Read(string file)
    {
        try
        {
            return CallerFile.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.IoFailure, $"cannot read network configuration {file}", ex.Message);
        }
    }

    /// <summary>Keeps JSON errors of files found by name from escaping as exceptions.</summary>
    public static NetworkConfigList Guard(Func<NetworkConfigList> load, string what)
    {
        try
        {
            return load();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"{what}: a configuration file is not valid JSON", ex.Message);
        }
    }
}
