using System.Text.Json.Nodes;

namespace Multi.Cni.Tests.Support;

/// <summary>Builds multi configurations for tests.</summary>
internal static class MetaConfig
{
    public static JsonObject Plugin(string name, string type, string version = "1.0.0", JsonObject? more = null)
    {
        var plugin = new JsonObject { ["cniVersion"] = version, ["name"] = name, ["type"] = type };
        foreach (var (key, value) in more ?? [])
        {
            plugin[key] = value?.DeepClone();
        }

        return plugin;
    }

    public static JsonObject Chain(string name, string version, params JsonObject[] plugins) =>
        new() { ["cniVersion"] = version, ["name"] = name, ["plugins"] = new JsonArray(plugins.Select(p => (JsonNode)p.DeepClone()).ToArray()) };

    /// <summary>A multi config named "multi-net" with inline delegates and its cache under <paramref name="cniDir"/>.</summary>
    public static JsonObject WithDelegates(string cniDir, params JsonObject[] delegates) => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-net",
        ["type"] = "multi",
        ["cniDir"] = cniDir,
        ["binDir"] = "/nonexistent-bin",
        ["delegates"] = new JsonArray(delegates.Select(d => (JsonNode)d.DeepClone()).ToArray()),
    };

    /// <summary>Three delegates: cluster (bridge), a (macvlan), b (ptp).</summary>
    public static JsonObject Standard(string cniDir) => WithDelegates(
        cniDir,
        Plugin("cluster", "bridge"),
        Plugin("net-a", "macvlan"),
        Plugin("net-b", "ptp"));

    public static JsonObject With(this JsonObject config, string key, JsonNode? value)
    {
        var copy = (JsonObject)config.DeepClone();
        copy[key] = value;
        return copy;
    }
}
