using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Multi.Core.Delegates;

/// <summary>
/// A delegate network: one plugin lifted into a list, or a conflist. <see cref="CniVersion"/> is the selected
/// version injected into every plugin; <see cref="Plugins"/> are the plugin objects as configured.
/// </summary>
public sealed record NetworkConfigList(
    string Name,
    string CniVersion,
    ImmutableArray<JsonObject> Plugins,
    bool DisableCheck = false,
    bool DisableGc = false)
{
    /// <summary>The normalised conflist form stored in the cache and read back by <see cref="NetworkConfigParser"/>.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["cniVersion"] = CniVersion,
            ["name"] = Name,
        };
        if (DisableCheck)
        {
            obj["disableCheck"] = true;
        }

        if (DisableGc)
        {
            obj["disableGC"] = true;
        }

        obj["plugins"] = new JsonArray(Plugins.Select(p => (JsonNode)p.DeepClone()).ToArray());
        return obj;
    }

    public string Types => string.Join(",", Plugins.Select(p => Json.GetString(p, "type")));
}
