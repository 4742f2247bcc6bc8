using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Cni;

/// <summary>
/// Capability filtering (cni-protocol.md, section 7): a plugin receives in <c>runtimeConfig</c> only the keys it
/// declares as true in <c>capabilities</c> and for which the runtime supplied a value. Keys of the runtime's
/// values are matched case-insensitively and forwarded as the runtime's original JSON.
/// </summary>
public static class RuntimeConfigFilter
{
    public static JsonObject? ForPlugin(JsonObject plugin, JsonObject? runtimeConfig)
    {
        if (runtimeConfig is null || plugin["capabilities"] is not JsonObject capabilities)
        {
            return null;
        }

        var filtered = new JsonObject();
        foreach (var (capability, enabled) in capabilities)
        {
            if (enabled is JsonValue flag && flag.GetValueKind() == JsonValueKind.True && Json.GetIgnoreCase(runtimeConfig, capability) is { } value)
            {
                filtered[capability] = value.DeepClone();
            }
        }

        return filtered.Count > 0 ? filtered : null;
    }

    /// <summary>Capabilities the plugins of a delegate declare as true.</summary>
    public static IEnumerable<string> Declared(IEnumerable<JsonObject> plugins) =>
        plugins.SelectMany(p => p["capabilities"] is JsonObject caps
            ? caps.Where(c => c.Value is JsonValue v && v.GetValueKind() == JsonValueKind.True).Select(c => c.Key)
            : []).Distinct(StringComparer.Ordinal);
}
