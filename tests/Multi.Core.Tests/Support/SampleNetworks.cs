using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Networks;

namespace Multi.Core.Tests.Support;

/// <summary>ClusterNetwork specs for the tests, written as JSON merged over a valid macvlan network.</summary>
internal static class SampleNetworks
{
    public const string Base = """{"type":"macvlan","master":"eth1","namespaces":["default"]}""";

    /// <summary>Web defaults, as KubernetesClient reads objects (camelCase, reflection).</summary>
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary><paramref name="patch"/> merged over <see cref="Base"/> (JSON merge patch: null removes a member).</summary>
    public static ClusterNetworkSpec Spec(string patch) => Parse(Merge(JsonNode.Parse(Base)!.AsObject(), JsonNode.Parse(patch)!.AsObject()).ToJsonString());

    public static ClusterNetworkSpec Parse(string json) => JsonSerializer.Deserialize(json, NetworkJsonContext.Default.ClusterNetworkSpec)!;

    private static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }
}
