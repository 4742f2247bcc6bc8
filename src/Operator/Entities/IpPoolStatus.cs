using System.Text.Json.Serialization;
using k8s.Models;

namespace Multi.Operator.Entities;

/// <summary>
/// What the IPPool status controller derived from the pool and its IPAllocation claims; rebuilt whole on every pass,
/// written only when it changes, never read by allocation. Counts are decimal text where an IPv6 pool outgrows 64 bits.
/// </summary>
public sealed class IpPoolStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Allocatable addresses as decimal text; "0" while the spec is invalid.</summary>
    [JsonPropertyName("capacity")]
    public string Capacity { get; set; } = "0";

    /// <summary>Distinct claimed addresses inside the pool's allocatable layout.</summary>
    [JsonPropertyName("allocated")]
    public long Allocated { get; set; }

    /// <summary>Distinct addresses of the pool held by node-reserved claims; they also count in <see cref="Allocated"/>.</summary>
    [JsonPropertyName("nodeReserved")]
    public long NodeReserved { get; set; }

    /// <summary>capacity - allocated, as decimal text.</summary>
    [JsonPropertyName("free")]
    public string Free { get; set; } = "0";

    [JsonPropertyName("conditions")]
    public IList<V1Condition> Conditions { get; set; } = [];
}
