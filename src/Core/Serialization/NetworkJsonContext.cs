using System.Text.Json.Serialization;
using Multi.Core.Networks;

namespace Multi.Core;

/// <summary>
/// Source-generated JSON for the ClusterNetwork spec (NativeAOT tools such as multictl): camelCase, absent members omitted.
/// The operator reads the same JSON through KubernetesClient's reflection serializer; <c>[JsonPropertyName]</c> keeps both equal.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClusterNetworkSpec))]
public sealed partial class NetworkJsonContext : JsonSerializerContext;
