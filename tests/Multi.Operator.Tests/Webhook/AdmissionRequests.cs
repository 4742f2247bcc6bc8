using System.Text.Json.Nodes;

namespace Multi.Operator.Tests.Webhook;

/// <summary>AdmissionReview <c>request</c> bodies as the API server sends them.</summary>
internal static class AdmissionRequests
{
    public static JsonObject Nad(string ns, string name, string? config, string? resourceName = null, string operation = "CREATE")
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (resourceName is not null)
        {
            metadata["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/resourceName"] = resourceName };
        }

        var obj = new JsonObject { ["apiVersion"] = "k8s.cni.cncf.io/v1", ["kind"] = "NetworkAttachmentDefinition", ["metadata"] = metadata, ["spec"] = new JsonObject() };
        if (config is not null)
        {
            obj["spec"]!["config"] = config;
        }

        return Request("k8s.cni.cncf.io", "v1", "NetworkAttachmentDefinition", ns, name, operation, obj);
    }

    public static JsonObject Pool(string name, JsonObject spec, string operation = "CREATE") => Request(
        "multi.dev", "v1alpha1", "IPPool", null, name, operation,
        new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec });

    public static JsonObject Network(string name, JsonObject spec, string operation = "CREATE") => Request(
        "multi.dev", "v1alpha1", "ClusterNetwork", null, name, operation,
        new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "ClusterNetwork", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec });

    /// <summary>A pod with one container; <paramref name="annotations"/> as given, <paramref name="resources"/> its <c>resources</c>.</summary>
    public static JsonObject Pod(string ns, string name, IDictionary<string, string>? annotations = null, JsonObject? resources = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (annotations is not null)
        {
            metadata["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        }

        var container = new JsonObject { ["name"] = "app", ["image"] = "busybox" };
        if (resources is not null)
        {
            container["resources"] = resources;
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(container, new JsonObject { ["name"] = "sidecar", ["image"] = "busybox" }) },
        };
        return Request("", "v1", "Pod", ns, name, "CREATE", pod);
    }

    public static JsonObject Request(string group, string version, string kind, string? ns, string name, string operation, JsonNode? obj)
    {
        var request = new JsonObject
        {
            ["uid"] = Guid.NewGuid().ToString(),
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = kind.ToLowerInvariant() + "s" },
            ["name"] = name,
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "admin" },
            ["object"] = obj,
        };
        if (ns is not null)
        {
            request["namespace"] = ns;
        }

        return request;
    }
}
