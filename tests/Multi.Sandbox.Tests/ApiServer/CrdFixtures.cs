using System.Text.Json.Nodes;
using k8s.Models;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>CustomResourceDefinitions and custom objects the CRD tests share.</summary>
internal static class CrdFixtures
{
    public const string NadGroup = "k8s.cni.cncf.io";
    public const string NadPlural = "network-attachment-definitions";
    public const string PoolGroup = "multi.io";
    public const string PoolPlural = "ippools";

    public static V1CustomResourceDefinition NetworkAttachmentDefinition() =>
        Definition(NadGroup, NadPlural, "NetworkAttachmentDefinition", "Namespaced", withStatus: false);

    public static V1CustomResourceDefinition IpPool() =>
        Definition(PoolGroup, PoolPlural, "IPPool", "Cluster", withStatus: true);

    public static JsonObject Nad(string name, string config) => new()
    {
        ["apiVersion"] = $"{NadGroup}/v1",
        ["kind"] = "NetworkAttachmentDefinition",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["config"] = config },
    };

    public static JsonObject Pool(string name, string range) => new()
    {
        ["apiVersion"] = $"{PoolGroup}/v1",
        ["kind"] = "IPPool",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["range"] = range },
        ["status"] = new JsonObject { ["allocated"] = 99 },
    };

    /// <summary>The untyped answer of a CustomObjects call as a JSON tree.</summary>
    public static JsonObject Json(object response) =>
        JsonNode.Parse(k8s.KubernetesJson.Serialize(response))!.AsObject();

    private static V1CustomResourceDefinition Definition(string group, string plural, string kind, string scope, bool withStatus) =>
        CrdDefinitions.Schemaless(group, plural, kind, scope, withStatus);
}
