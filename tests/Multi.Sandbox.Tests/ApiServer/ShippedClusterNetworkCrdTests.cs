using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>The ClusterNetwork CRD in <c>crds/</c> is accepted and served as shipped.</summary>
public sealed partial class ShippedClusterNetworkCrdTests
{
    private const string Group = "multi.dev";
    private const string Version = "v1alpha1";
    private const string Plural = "clusternetworks";

    [Fact]
    public async Task ClusterNetworkCrd_AsShipped_RoundTripsWithStatusShortNamesAndPrinterColumns()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(
            await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", "multi.dev_clusternetworks.yaml"), TestContext.Current.CancellationToken));
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var spec = new JsonObject
        {
            ["type"] = "macvlan",
            ["hostInterface"] = new JsonObject { ["vlan"] = new JsonObject { ["parent"] = "eth1", ["id"] = 100, ["protocol"] = "802.1Q" } },
            ["mode"] = "bridge",
            ["mtu"] = 1500,
            ["cniVersion"] = "1.0.0",
            ["ipam"] = new JsonObject { ["pool"] = new JsonObject { ["cidr"] = "10.1.0.0/24", ["gateway"] = "10.1.0.1" } },
            ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["multi.dev/net"] = "blue" } },
            ["nodeSelector"] = new JsonObject { ["kubernetes.io/os"] = "linux" },
        };

        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "ClusterNetwork",
            ["metadata"] = new JsonObject { ["name"] = "blue" },
            ["spec"] = spec.DeepClone(),
        }, Group, Version, Plural, cancellationToken: ct);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 1, ["interface"] = "vl100-512c", ["nadCount"] = 3, ["targetNamespaces"] = 3,
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Degraded", ["status"] = "False", ["reason"] = "AsExpected", ["message"] = "", ["lastTransitionTime"] = "2026-01-01T00:00:00Z" },
                    new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "NadsInPlace", ["message"] = "3/3 namespaces", ["lastTransitionTime"] = "2026-01-01T00:00:00Z", ["observedGeneration"] = 1 }),
            },
        };
        await cluster.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), Group, Version, Plural, "blue", cancellationToken: ct);
        var network = CrdFixtures.Json(await cluster.Client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, Plural, "blue", ct));
        var stored = await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("clusternetworks.multi.dev", cancellationToken: ct);
        var discovery = JsonNode.Parse(await cluster.Client.HttpClient.GetStringAsync(new Uri(cluster.Server.BaseAddress!, $"apis/{Group}/{Version}"), ct))!["resources"]!.AsArray();

        Assert.True(JsonNode.DeepEquals(spec, network["spec"]), network["spec"]!.ToJsonString());
        Assert.Equal(["Type=macvlan", "Interface=vl100-512c", "NADs=3", "Ready=True", "Reason=NadsInPlace", "Nodes=", "Age=set"], PrinterColumns(crd, network));
        var resource = Assert.Single(discovery, r => (string?)r!["name"] == Plural)!;
        Assert.False((bool)resource["namespaced"]!);
        // The embedded server's discovery lists only the first short name; the stored CRD keeps both.
        Assert.Equal("cn", (string?)resource["shortNames"]![0]);
        Assert.Equal(["cn", "cnet"], stored.Spec.Names.ShortNames);
        Assert.Equal(["multi"], stored.Spec.Names.Categories);
        Assert.Contains(discovery, r => (string?)r!["name"] == $"{Plural}/status");
    }

    /// <summary>
    /// Each printer column as <c>Name=value</c>: resolves the column's JSONPath (dotted steps and <c>[?(@.k=="v")]</c> filters) on
    /// the object and checks that its steps exist in the CRD's schema (the embedded server does not evaluate printer columns).
    /// </summary>
    private static List<string> PrinterColumns(V1CustomResourceDefinition crd, JsonObject item)
    {
        var version = Assert.Single(crd.Spec.Versions);
        return [.. version.AdditionalPrinterColumns.Select(column =>
        {
            JsonNode? node = item;
            object? schema = version.Schema.OpenAPIV3Schema;
            foreach (Match step in Step().Matches(column.JsonPath))
            {
                if (step.Groups["name"].Success)
                {
                    node = node?[step.Groups["name"].Value];
                    schema = Property(schema, step.Groups["name"].Value);
                }
                else
                {
                    var (key, value) = (step.Groups["key"].Value, step.Groups["value"].Value);
                    node = node?.AsArray().FirstOrDefault(e => (string?)e?[key] == value);
                    schema = schema is V1JSONSchemaProps props ? props.Items : (schema as IDictionary<object, object>)?["items"];
                    Assert.True(Property(schema, key) is not null, $"{column.JsonPath}: {key} is not in the schema");
                }

                Assert.True(schema is not null || column.JsonPath.StartsWith(".metadata", StringComparison.Ordinal), $"{column.JsonPath} is not in the schema");
            }

            return $"{column.Name}={(column.Type == "date" ? (node is null ? "missing" : "set") : node?.ToString())}";
        })];
    }

    /// <summary>A property's schema; nested schemas below <c>items</c> come out of the YAML reader as plain dictionaries.</summary>
    private static object? Property(object? schema, string name) => schema switch
    {
        V1JSONSchemaProps props => props.Properties?.TryGetValue(name, out var next) == true ? next : null,
        IDictionary<object, object> map when map.TryGetValue("properties", out var properties) && properties is IDictionary<object, object> named => named.TryGetValue(name, out var child) ? child : null,
        _ => null,
    };

    [GeneratedRegex("""\.(?<name>[A-Za-z]+)|\[\?\(@\.(?<key>[A-Za-z]+)=="(?<value>[^"]*)"\)\]""")]
    private static partial Regex Step();
}
