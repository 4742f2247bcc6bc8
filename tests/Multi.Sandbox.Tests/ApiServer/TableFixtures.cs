using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>CRDs with printer columns and their objects, for the Table and kubectl tests.</summary>
internal static class TableFixtures
{
    /// <summary>Creates the shipped IPPool CRD (crds/multi.dev_ippools.yaml) and one pool with its status filled in.</summary>
    public static async Task CreateShippedPoolAsync(TestCluster cluster, string name, string cidr, int allocated)
    {
        var ct = TestCluster.Deadline();
        await CreateShippedCrdAsync(cluster, "multi.dev_ippools.yaml");
        var pool = new JsonObject
        {
            ["apiVersion"] = "multi.dev/v1alpha1",
            ["kind"] = "IPPool",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["cidr"] = cidr },
        };
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(pool, "multi.dev", "v1alpha1", "ippools", cancellationToken: ct);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["capacity"] = "253",
                ["allocated"] = allocated,
                ["free"] = (253 - allocated).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["conditions"] = new JsonArray(Condition("Ready", "True", "Valid"), Condition("Exhausted", "False", "AddressesFree")),
            },
        };
        await cluster.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), "multi.dev", "v1alpha1", "ippools", name, cancellationToken: ct);
    }

    private static JsonObject Condition(string type, string status, string reason) => new()
    {
        ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = reason, ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
    };

    /// <summary>Creates a CRD of <c>crds/</c> as shipped.</summary>
    public static async Task CreateShippedCrdAsync(TestCluster cluster, string file)
    {
        var ct = TestCluster.Deadline();
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", file), ct);
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(yaml), cancellationToken: ct);
    }

    /// <summary>example.com/v1 Widget (namespaced, short name wd, category demo): a filter column, a wide column and an index column.</summary>
    public static V1CustomResourceDefinition WidgetCrd() => new()
    {
        Metadata = new V1ObjectMeta { Name = "widgets.example.com" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "example.com",
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget", ShortNames = ["wd"], Categories = ["demo"] },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1", Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    AdditionalPrinterColumns =
                    [
                        new V1CustomResourceColumnDefinition { Name = "Ready", Type = "string", JsonPath = """.status.conditions[?(@.type=="Ready")].status""" },
                        new V1CustomResourceColumnDefinition { Name = "Size", Type = "integer", JsonPath = ".spec.size", Priority = 1 },
                        new V1CustomResourceColumnDefinition { Name = "First Port", Type = "integer", JsonPath = ".spec.ports[0]" },
                    ],
                },
            ],
        },
    };

    public static JsonObject Widget(string name, string? ready)
    {
        var conditions = new JsonArray(new JsonObject { ["type"] = "Synced", ["status"] = "False" });
        if (ready is not null)
            conditions.Add(new JsonObject { ["type"] = "Ready", ["status"] = ready });
        return new JsonObject
        {
            ["apiVersion"] = "example.com/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["size"] = 3, ["ports"] = new JsonArray(8080, 9090) },
            ["status"] = new JsonObject { ["conditions"] = conditions },
        };
    }
}
