using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Multi.Operator.Controllers.Reclaim;

namespace Multi.Operator.Entities;

/// <summary>
/// Source-generated metadata for every type of ours that goes through <see cref="k8s.KubernetesJson"/> (list and watch
/// decoding, custom-object bodies, status patches, claim pages), with the client's naming and null handling. The client's
/// own context covers its models; without this one our types would fall back to its reflection resolver, which the
/// NativeAOT build cannot use. <see cref="KubernetesJsonTypes.Register"/> puts it first in the client's resolver chain.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClusterNetwork))]
[JsonSerializable(typeof(NadResource))]
[JsonSerializable(typeof(IpPoolResource))]
[JsonSerializable(typeof(IpAllocationResource))]
[JsonSerializable(typeof(ClusterNetworkStatus))]
[JsonSerializable(typeof(IpPoolStatus))]
[JsonSerializable(typeof(NodeNetworkState))]
[JsonSerializable(typeof(NodeNetworkStateStatus))]
[JsonSerializable(typeof(ClaimPage))]
[JsonSerializable(typeof(NodeAgent.CniServer.Kube.CachedObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class EntityJsonContext : JsonSerializerContext;
