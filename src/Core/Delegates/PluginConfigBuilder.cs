using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;

namespace Multi.Core.Delegates;

/// <summary>
/// Builds one plugin's stdin (cni-protocol.md, section 6): the plugin object with the list's <c>name</c> and the
/// selected <c>cniVersion</c> injected, the filtered <c>runtimeConfig</c>, and <c>prevResult</c> converted to the
/// plugin's version. All other fields pass through untouched.
/// </summary>
public static class PluginConfigBuilder
{
    public static Outcome<JsonObject> Build(NetworkConfigList network, int pluginIndex, JsonObject? runtimeConfig, CniResult? prevResult, JsonObject? extra = null)
    {
        var plugin = (JsonObject)network.Plugins[pluginIndex].DeepClone();
        plugin["name"] = network.Name;
        plugin["cniVersion"] = network.CniVersion;
        if (RuntimeConfigFilter.ForPlugin(plugin, runtimeConfig) is { } filtered)
        {
            plugin["runtimeConfig"] = filtered;
        }

        if (prevResult is not null)
        {
            var rendered = ResultCodec.Render(prevResult, network.CniVersion);
            if (!rendered.IsOk)
            {
                return Outcome<JsonObject>.Fail(rendered.Error);
            }

            plugin["prevResult"] = rendered.Value;
        }
        else
        {
            plugin.Remove("prevResult");
        }

        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                plugin[key] = value?.DeepClone();
            }
        }

        return Outcome<JsonObject>.Ok(plugin);
    }
}
