using System.Text.Json.Nodes;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// The informers' transforms: what each cache keeps of an object. A pod keeps what <c>PodInfo.From</c> reads (namespace, name,
/// UID, annotations, and the extended resources — <c>vendor.com/name</c> — its containers and init containers request or
/// limit, which decide the error code of a missing device-plugin device) plus labels, the resource version, the deletion time
/// (a terminating pod is read afresh: see <see cref="CachedKubeApi"/>) and the node name; a node keeps its identity and labels (pool node selectors); NADs and pools
/// lose only their managedFields. The objects are fresh from the decoder and not shared yet, so they are trimmed in place, and
/// then materialized: a parsed <see cref="JsonObject"/> builds its members on first access, which is not safe for the concurrent
/// readers a cache has, so every member is built here, on the informer's loop.
/// </summary>
internal static class CacheTrim
{
    private static readonly string[] PodMetadata = ["name", "namespace", "uid", "resourceVersion", "deletionTimestamp", "labels", "annotations"];
    private static readonly string[] NodeMetadata = ["name", "uid", "resourceVersion", "labels"];

    public static object Pod(object obj) => obj is CachedObject pod ? Materialized(Keep(pod, PodMetadata, nodeName: true)) : obj;

    public static object Node(object obj) => obj is CachedObject node ? Materialized(Keep(node, NodeMetadata, nodeName: false)) : obj;

    public static object WithoutManagedFields(object obj)
    {
        if (obj is not CachedObject cached)
        {
            return obj;
        }

        if (cached.Json["metadata"] is JsonObject meta)
        {
            meta.Remove("managedFields");
        }

        return Materialized(cached);
    }

    private static CachedObject Materialized(CachedObject obj)
    {
        Build(obj.Json);
        _ = obj.Metadata;
        return obj;
    }

    private static void Build(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Build(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Build(child);
                }

                break;
        }
    }

    private static CachedObject Keep(CachedObject source, string[] metadataKeys, bool nodeName)
    {
        var json = source.Json;
        var kept = new JsonObject { ["apiVersion"] = Detach(json, "apiVersion"), ["kind"] = Detach(json, "kind") };
        if (json["metadata"] is JsonObject meta)
        {
            var metadata = new JsonObject();
            foreach (var key in metadataKeys)
            {
                if (Detach(meta, key) is { } value)
                {
                    metadata[key] = value;
                }
            }

            kept["metadata"] = metadata;
        }

        if (nodeName && json["spec"] is JsonObject spec)
        {
            var keptSpec = new JsonObject();
            if (Detach(spec, "nodeName") is { } node)
            {
                keptSpec["nodeName"] = node;
            }

            KeepExtendedResources(spec, keptSpec, "containers");
            KeepExtendedResources(spec, keptSpec, "initContainers");
            if (keptSpec.Count > 0)
            {
                kept["spec"] = keptSpec;
            }
        }

        return new CachedObject { Json = kept };
    }

    /// <summary>
    /// <c>resources.requests</c> and <c>resources.limits</c> of each container, reduced to extended resources (a name with a
    /// domain); containers without any are kept as empty objects so that the order stays, and the list is left out when no
    /// container has one.
    /// </summary>
    private static void KeepExtendedResources(JsonObject spec, JsonObject keptSpec, string key)
    {
        if (spec[key] is not JsonArray containers)
        {
            return;
        }

        var kept = new JsonArray();
        var any = false;
        foreach (var container in containers)
        {
            var resources = new JsonObject();
            if ((container as JsonObject)?["resources"] is JsonObject source)
            {
                foreach (var kind in new[] { "requests", "limits" })
                {
                    if (source[kind] is JsonObject map && map.Where(p => p.Key.Contains('/', StringComparison.Ordinal)).ToList() is { Count: > 0 } extended)
                    {
                        resources[kind] = new JsonObject(extended.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
                        any = true;
                    }
                }
            }

            kept.Add((JsonNode)(resources.Count == 0 ? new JsonObject() : new JsonObject { ["resources"] = resources }));
        }

        if (any)
        {
            keptSpec[key] = kept;
        }
    }

    /// <summary>The value under <paramref name="key"/>, taken out of its parent so that it can join the trimmed object.</summary>
    private static JsonNode? Detach(JsonObject from, string key)
    {
        if (!from.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }

        from.Remove(key);
        return value;
    }
}
