using System.Text.Json.Serialization;

namespace Multi.Core.Networks;

/// <summary>
/// The link the node agent creates for a network (host-interfaces.md): a VLAN or a VXLAN (exclusive), optionally with a
/// bridge on top, or a bridge alone (with <see cref="ClusterNetworkSpec.Master"/> as its port when set).
/// </summary>
public sealed record HostInterfaceSpec
{
    [JsonPropertyName("vlan")]
    public VlanInterfaceSpec? Vlan { get; init; }

    [JsonPropertyName("vxlan")]
    public VxlanInterfaceSpec? Vxlan { get; init; }

    [JsonPropertyName("bridge")]
    public BridgeInterfaceSpec? Bridge { get; init; }

    /// <summary>The MTU of the created links; 0 or absent derives it from the parent (checked per node by the agent).</summary>
    [JsonPropertyName("mtu")]
    public int? Mtu { get; init; }
}
