using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Networks;

/// <summary>The <see cref="LinkUse"/>s of a NAD's config (single plugin or conflist) and of a ClusterNetwork's spec.</summary>
public static class LinkUses
{
    private static readonly string[] Types = [ClusterNetworkTypes.Vlan, ClusterNetworkTypes.Macvlan, ClusterNetworkTypes.Ipvlan];

    /// <summary>Every vlan, macvlan and ipvlan plugin with a master; none for a config that is absent or not JSON (validation reports that).</summary>
    public static IReadOnlyList<LinkUse> FromConfig(string? config)
    {
        if (string.IsNullOrEmpty(config) || !Types.Any(t => config.Contains(t, StringComparison.Ordinal)))
        {
            return [];
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(config) as JsonObject;
        }
        catch (JsonException)
        {
            return [];
        }

        if (root?["plugins"] is JsonArray plugins)
        {
            return [.. plugins.Select((p, i) => p is JsonObject plugin ? Use(plugin, $"plugins[{i}]") : null).OfType<LinkUse>()];
        }

        return root is not null && Use(root, "config") is { } single ? [single] : [];
    }

    /// <summary>A ClusterNetwork that renders a vlan, macvlan or ipvlan plugin on an existing master (not on a link the agent makes).</summary>
    public static LinkUse? FromNetwork(ClusterNetworkSpec spec) =>
        spec.HostInterface is null && Types.Contains(spec.Type) && spec.Master is { Length: > 0 } master
            ? new LinkUse(spec.Type, master, spec.Type == ClusterNetworkTypes.Vlan ? spec.VlanId : null, "spec")
            : null;

    private static LinkUse? Use(JsonObject plugin, string where)
    {
        if (plugin["type"] is not JsonValue type || !type.TryGetValue<string>(out var name) || !Types.Contains(name)
            || plugin["master"] is not JsonValue master || !master.TryGetValue<string>(out var parent) || parent.Length == 0)
        {
            return null;
        }

        int? vlanId = plugin["vlanId"] is JsonValue id && id.TryGetValue<int>(out var number) ? number : null;
        return name == ClusterNetworkTypes.Vlan && vlanId is null ? null : new LinkUse(name, parent, vlanId, where);
    }
}
