using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Multi.Core.Ipam;

namespace Multi.Core.Networks;

/// <summary>
/// A network's addresses, exactly one of: an IPPool by name, an inline pool (the operator creates an IPPool owned by the
/// network and named as the network), or a raw CNI <c>ipam</c> block passed through as given.
/// </summary>
public sealed record ClusterNetworkIpam
{
    [JsonPropertyName("poolRef")]
    public string? PoolRef { get; init; }

    [JsonPropertyName("pool")]
    public IpPoolSpec? Pool { get; init; }

    [JsonPropertyName("raw")]
    public JsonObject? Raw { get; init; }
}
