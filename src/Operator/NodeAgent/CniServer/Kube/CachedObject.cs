using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// An object as the API server sent it, kept as JSON (trimmed by <see cref="CacheTrim"/>): the daemon answers the engine's GETs
/// with the very fields the thin path would read, and no typed model can fail a whole list over one odd object. The metadata
/// the informer keys and indexes by (name, namespace, UID, version, labels) is read from the JSON once, on first use.
/// </summary>
[JsonConverter(typeof(CachedObjectConverter))]
internal sealed class CachedObject : IKubernetesObject<V1ObjectMeta>
{
    private V1ObjectMeta? metadata;

    /// <summary>The whole object. Cached instances are shared: never mutate it (<see cref="ToJson"/> answers a copy).</summary>
    public JsonObject Json { get; set; } = [];

    public string? ApiVersion
    {
        get => Text(Json, "apiVersion");
        set => Json["apiVersion"] = value;
    }

    public string? Kind
    {
        get => Text(Json, "kind");
        set => Json["kind"] = value;
    }

    public V1ObjectMeta Metadata
    {
        get => metadata ??= Identity(Json["metadata"] as JsonObject);
        set => metadata = value;
    }

    /// <summary>A copy of the object, for a caller that may keep or change it.</summary>
    public JsonObject ToJson() => Json.DeepClone().AsObject();

    internal static string? Text(JsonObject obj, string key)
    {
        try
        {
            return obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        }
        catch (InvalidOperationException)
        {
            return null; // not decodable (a lone surrogate): as if absent
        }
    }

    private static V1ObjectMeta Identity(JsonObject? meta)
    {
        if (meta is null)
        {
            return new V1ObjectMeta();
        }

        Dictionary<string, string>? labels = null;
        if (meta["labels"] is JsonObject map)
        {
            labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, _) in map)
            {
                if (Text(map, key) is { } value)
                {
                    labels[key] = value;
                }
            }
        }

        return new V1ObjectMeta
        {
            Name = Text(meta, "name"),
            NamespaceProperty = Text(meta, "namespace"),
            Uid = Text(meta, "uid"),
            ResourceVersion = Text(meta, "resourceVersion"),
            Labels = labels,
        };
    }
}
