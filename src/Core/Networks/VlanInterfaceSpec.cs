using System.Text.Json.Serialization;

namespace Multi.Core.Networks;

/// <summary>An 802.1Q (or 802.1ad) VLAN link on <see cref="Parent"/>; named <c>vl&lt;id&gt;-&lt;h4&gt;</c> (<see cref="HostInterfaceNames.Vlan"/>).</summary>
public sealed record VlanInterfaceSpec
{
    [JsonPropertyName("parent")]
    public string Parent { get; init => field = value ?? ""; } = "";

    /// <summary>1–4094.</summary>
    [JsonPropertyName("id")]
    public int Id { get; init; }

    /// <summary><see cref="Dot1Q"/> (the default) or <see cref="Dot1Ad"/>.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    public const string Dot1Q = "802.1Q";
    public const string Dot1Ad = "802.1ad";

    /// <summary>The protocol with the default applied.</summary>
    [JsonIgnore]
    public string EffectiveProtocol => string.IsNullOrEmpty(Protocol) ? Dot1Q : Protocol;
}
