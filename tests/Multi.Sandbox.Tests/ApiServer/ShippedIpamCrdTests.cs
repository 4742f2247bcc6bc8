using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Core.Ipam;
using Multi.Sandbox.Host;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>The IPAM CRDs in <c>crds/</c> (IPPool, IPAllocation) are accepted and served as shipped.</summary>
public sealed class ShippedIpamCrdTests
{
    private const string Group = "multi.dev";
    private const string Version = "v1alpha1";

    [Fact]
    public async Task IpPoolCrd_AsShipped_ClusterScopedWithStatusAndPrinterColumns()
    {
        var crd = await LoadAsync("multi.dev_ippools.yaml");
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var layout = IpPoolLayout.Create("blue", new IpPoolSpec { Cidr = "10.0.0.0/24", Gateway = "10.0.0.1" }).Unwrap();

        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(Pool("blue", "10.0.0.0/24", "10.0.0.1"), Group, Version, "ippools", cancellationToken: ct);
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 1,
                ["capacity"] = layout.CapacityText,
                ["allocated"] = 1,
                ["free"] = (layout.Capacity - 1).ToString(),
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready", ["status"] = "True", ["reason"] = "Valid", ["message"] = "pool is usable", ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
                }),
            },
        };
        await cluster.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), Group, Version, "ippools", "blue", cancellationToken: ct);
        var pool = CrdFixtures.Json(await cluster.Client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, "ippools", "blue", ct));
        var discovery = await DiscoveryAsync(cluster, ct);

        Assert.Equal(
            ["CIDR=10.0.0.0/24", "Capacity=253", "Allocated=1", "Free=252", "Ready=True", "Exhausted=", "Age=set"],
            PrinterColumns(crd, pool));
        Assert.Equal("True", (string?)pool["status"]!["conditions"]![0]!["status"]);
        var resource = Assert.Single(discovery, r => (string?)r!["name"] == "ippools")!;
        Assert.False((bool)resource["namespaced"]!);
        Assert.Equal("""["ipp"]""", resource["shortNames"]!.ToJsonString());
        Assert.Contains(discovery, r => (string?)r!["name"] == "ippools/status");
    }

    [Fact]
    public async Task IpAllocationCrd_AsShipped_ServesClaimsNamedByPoolAndAddress()
    {
        var crd = await LoadAsync("multi.dev_ipallocations.yaml");
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var v4 = IPAddress.Parse("10.0.0.7");
        var v6 = IPAddress.Parse("2001:db8::7");

        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(Claim("blue", v4), Group, Version, "ipallocations", cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(Claim("blue-v6", v6), Group, Version, "ipallocations", cancellationToken: ct);
        var duplicate = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(Claim("blue", v4), Group, Version, "ipallocations", cancellationToken: ct));
        var list = CrdFixtures.Json(await cluster.Client.CustomObjects.ListClusterCustomObjectAsync(
            Group, Version, "ipallocations", labelSelector: "multi.dev/pool=blue-v6", cancellationToken: ct));
        var discovery = await DiscoveryAsync(cluster, ct);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.Response.StatusCode);
        var claim = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal("blue-v6.20010db8000000000000000000000007", (string?)claim["metadata"]!["name"]);
        Assert.True(IpAllocationName.TryParse((string)claim["metadata"]!["name"]!, out var pool, out var address) && pool == "blue-v6" && address.Equals(v6));
        Assert.Equal(
            ["Address=2001:db8::7", "Pool=blue-v6", "Kind=dynamic", "Namespace=default", "Pod=web-0", "Node=node-a", "Age=set"],
            PrinterColumns(crd, claim));
        var resource = Assert.Single(discovery, r => (string?)r!["name"] == "ipallocations")!;
        Assert.False((bool)resource["namespaced"]!);
        Assert.Equal("""["ipalloc"]""", resource["shortNames"]!.ToJsonString());
    }

    private static async Task<V1CustomResourceDefinition> LoadAsync(string file) =>
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(
            await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", file), TestContext.Current.CancellationToken));

    private static async Task<JsonArray> DiscoveryAsync(TestCluster cluster, CancellationToken ct) =>
        JsonNode.Parse(await cluster.Client.HttpClient.GetStringAsync(new Uri(cluster.Server.BaseAddress!, $"apis/{Group}/{Version}"), ct))!["resources"]!.AsArray();

    /// <summary>
    /// Each printer column as <c>Name=value</c>, resolving its simple JSONPath (fields, and a condition picked by
    /// <c>conditions[?(@.type=="X")]</c>) on the object and checking that the path exists in the CRD's schema (the
    /// embedded server does not evaluate printer columns; a real one silently shows none).
    /// </summary>
    private static List<string> PrinterColumns(V1CustomResourceDefinition crd, JsonObject item)
    {
        var version = Assert.Single(crd.Spec.Versions);
        return [.. version.AdditionalPrinterColumns.Select(column =>
        {
            var steps = System.Text.RegularExpressions.Regex.Split(column.JsonPath.TrimStart('.'), @"\.(?![^\[]*\])");
            // Up to the array a condition is picked from: the standard condition's fields are not this CRD's to check.
            var fields = steps.Take(Array.FindIndex(steps, s => s.Contains('[', StringComparison.Ordinal)) is var at and >= 0 ? at + 1 : steps.Length).Select(s => s.Split('[')[0]);
            Assert.True(steps[0] == "metadata" || InSchema(version.Schema.OpenAPIV3Schema, fields), $"{column.JsonPath} is not in the schema");
            JsonNode? node = item;
            foreach (var step in steps)
            {
                var filter = step.IndexOf("[?(@.type==\"", StringComparison.Ordinal);
                node = filter < 0
                    ? node?[step]
                    : node?[step[..filter]]?.AsArray().FirstOrDefault(e => (string?)e?["type"] == step[(filter + 12)..^3]);
            }

            return $"{column.Name}={(column.Type == "date" ? (node is null ? "missing" : "set") : node?.ToString())}";
        })];
    }

    private static bool InSchema(V1JSONSchemaProps schema, IEnumerable<string> steps) =>
        steps.Aggregate((V1JSONSchemaProps?)schema, (s, step) => s?.Properties?.TryGetValue(step, out var next) == true ? next : null) is not null;

    private static JsonObject Pool(string name, string cidr, string gateway) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "IPPool",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["cidr"] = cidr, ["gateway"] = gateway, ["stickyAddresses"] = false },
    };

    private static JsonObject Claim(string pool, IPAddress address) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}",
        ["kind"] = "IPAllocation",
        ["metadata"] = new JsonObject
        {
            ["name"] = IpAllocationName.Format(pool, address),
            ["labels"] = new JsonObject { ["multi.dev/pool"] = pool },
        },
        ["spec"] = new JsonObject
        {
            ["pool"] = pool,
            ["address"] = address.ToString(),
            ["kind"] = "dynamic",
            ["owner"] = new JsonObject
            {
                ["podNamespace"] = "default", ["podName"] = "web-0", ["podUid"] = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
                ["containerId"] = "0123abcd", ["interface"] = "net1", ["node"] = "node-a",
            },
        },
    };
}
