using System.Text.Json.Serialization;

namespace Multi.Core.Networks;

/// <summary>A VXLAN link; named <c>vx&lt;vni&gt;-&lt;h4&gt;</c> (<see cref="HostInterfaceNames.Vxlan"/>). Rules in host-interfaces.md, section 2.</summary>
public sealed record VxlanInterfaceSpec
{
    /// <summary>1–16777215.</summary>
    [JsonPropertyName("vni")]
    public int Vni { get; init; }

    /// <summary>The underlay link; required with <see cref="Group"/>.</summary>
    [JsonPropertyName("parent")]
    public string? Parent { get; init; }

    /// <summary>The UDP destination port; <see cref="DefaultPort"/> (IANA) when absent, always passed to the kernel explicitly.</summary>
    [JsonPropertyName("port")]
    public int? Port { get; init; }

    /// <summary>A multicast group (224.0.0.0/4 or ff00::/8); exclusive with <see cref="Remote"/>.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    /// <summary>A single unicast peer; exclusive with <see cref="Group"/>.</summary>
    [JsonPropertyName("remote")]
    public string? Remote { get; init; }

    /// <summary>The source address; same family as group or remote.</summary>
    [JsonPropertyName("local")]
    public string? Local { get; init; }

    [JsonPropertyName("learning")]
    public bool? Learning { get; init; }

    /// <summary>1–255.</summary>
    [JsonPropertyName("ttl")]
    public int? Ttl { get; init; }

    /// <summary>FDB ageing in seconds, at least 0 (kernel default 300).</summary>
    [JsonPropertyName("ageing")]
    public int? Ageing { get; init; }

    [JsonPropertyName("sourcePortLow")]
    public int? SourcePortLow { get; init; }

    [JsonPropertyName("sourcePortHigh")]
    public int? SourcePortHigh { get; init; }

    [JsonPropertyName("udpChecksum")]
    public bool? UdpChecksum { get; init; }

    public const int DefaultPort = 4789;

    /// <summary>The port with the default applied.</summary>
    [JsonIgnore]
    public int EffectivePort => Port ?? DefaultPort;
}
