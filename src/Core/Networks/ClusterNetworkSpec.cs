using System.Text.Json.Serialization;

namespace Multi.Core.Networks;

/// <summary>
/// The spec of a <c>multi.dev/v1alpha1</c> ClusterNetwork (crds/multi.dev_clusternetworks.yaml, docs/clusternetworks.md): one
/// declarative network whose NADs the operator renders into the namespaces it is offered in. Plain data as stored: the
/// validator checks it, <see cref="ClusterNetworkRenderer"/> turns it into a CNI config.
/// </summary>
public sealed record ClusterNetworkSpec
{
    /// <summary>The CNI plugin: one of <see cref="ClusterNetworkTypes.All"/>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init => field = value ?? ""; } = "";

    /// <summary>An existing parent link (macvlan/ipvlan/vlan master, host-device device, bridge: the bridge); exclusive with hostInterface.</summary>
    [JsonPropertyName("master")]
    public string? Master { get; init; }

    /// <summary>A link the node agent creates; the NAD then names it (<see cref="HostInterfaceNames.ConsumedInterface"/>).</summary>
    [JsonPropertyName("hostInterface")]
    public HostInterfaceSpec? HostInterface { get; init; }

    /// <summary>macvlan: bridge, private, vepa, passthru, source; ipvlan: l2, l3, l3s.</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; init; }

    /// <summary>vlan plugin 1–4094 (required), bridge plugin tag 1–4094, sriov 0–4094 (0 untagged).</summary>
    [JsonPropertyName("vlanId")]
    public int? VlanId { get; init; }

    /// <summary>The device-plugin resource (<c>&lt;prefix&gt;/&lt;name&gt;</c>), required for sriov; becomes the NAD's resourceName annotation.</summary>
    [JsonPropertyName("resourceName")]
    public string? ResourceName { get; init; }

    /// <summary>The rendered config's cniVersion; <see cref="DefaultCniVersion"/> when absent.</summary>
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; init; }

    [JsonPropertyName("ipam")]
    public ClusterNetworkIpam? Ipam { get; init; }

    /// <summary>The namespaces the network is offered in; exclusive with <see cref="NamespaceSelector"/>.</summary>
    [JsonPropertyName("namespaces")]
    public IReadOnlyList<string>? Namespaces { get; init; }

    /// <summary>The namespaces the network is offered in by label; <c>{}</c> selects every namespace.</summary>
    [JsonPropertyName("namespaceSelector")]
    public LabelSelectorSpec? NamespaceSelector { get; init; }

    /// <summary>
    /// The CNI capabilities the rendered plugin declares (for example <c>ips</c> and <c>mac</c>, so that the addresses a
    /// pod requests in its annotation reach static IPAM), exactly as the plugin's own <c>capabilities</c> key.
    /// </summary>
    [JsonPropertyName("capabilities")]
    public IReadOnlyDictionary<string, bool>? Capabilities { get; init; }

    /// <summary>Equality labels of the nodes that carry the network (and its host interface); absent means every node.</summary>
    [JsonPropertyName("nodeSelector")]
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    public const string DefaultCniVersion = "1.0.0";
}
