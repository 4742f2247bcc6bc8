using System.Text.Json.Serialization;

namespace Multi.Core.Networks;

/// <summary>A bridge the agent creates: on top of the network's VLAN/VXLAN, or alone (with master as its port when set).</summary>
public sealed record BridgeInterfaceSpec
{
    /// <summary>An explicit, validated name; absent means <c>br-&lt;h10&gt;</c> of the network name (<see cref="HostInterfaceNames.Bridge"/>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
