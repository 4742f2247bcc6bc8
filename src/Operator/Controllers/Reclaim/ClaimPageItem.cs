using System.Text.Json.Serialization;
using Multi.Operator.Entities;

namespace Multi.Operator.Controllers.Reclaim;

/// <summary>One item of a <see cref="ClaimPage"/>: the claim, or null when the item is not an object of the claim's shape.</summary>
[JsonConverter(typeof(ClaimPageItemConverter))]
internal sealed record ClaimPageItem(IpAllocationResource? Claim);
