using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.Sandbox.Host;

namespace Multi.Bench.Webhook;

/// <summary>What the manager's caches hold while the bench runs: 50 NADs (one with a resourceName), 200 pools, 100 networks.</summary>
internal static class Population
{
    public static async Task CreateAsync(Kubernetes client)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoLayout.Root, "crds"), "*_*.yaml"))
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file)));
        }

        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bench" } });
        for (var i = 0; i < 50; i++)
        {
            await CreateNadAsync(client, $"net-{i}", ReviewBodies.Macvlan, null);
        }

        await CreateNadAsync(client, "sriov-a", ReviewBodies.Sriov, "intel.com/sriov_a");
        for (var i = 0; i < 200; i++)
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(
                new JsonObject
                {
                    ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "IPPool", ["metadata"] = new JsonObject { ["name"] = $"pool-{i}" },
                    ["spec"] = new JsonObject { ["cidr"] = string.Create(CultureInfo.InvariantCulture, $"10.{100 + (i / 100)}.{i % 100}.0/24") },
                },
                "multi.dev", "v1alpha1", "ippools");
        }

        for (var i = 0; i < 100; i++)
        {
            var spec = JsonNode.Parse(string.Create(CultureInfo.InvariantCulture, $$$"""{"type":"macvlan","hostInterface":{"vlan":{"parent":"eth1","id":{{{i + 1}}}}},"ipam":{"raw":{"type":"dhcp"}},"namespaces":["bench"]}"""));
            await client.CustomObjects.CreateClusterCustomObjectAsync(
                new JsonObject { ["apiVersion"] = "multi.dev/v1alpha1", ["kind"] = "ClusterNetwork", ["metadata"] = new JsonObject { ["name"] = $"vlan-{i}" }, ["spec"] = spec },
                "multi.dev", "v1alpha1", "clusternetworks");
        }
    }

    private static Task CreateNadAsync(Kubernetes client, string name, string config, string? resourceName) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "k8s.cni.cncf.io/v1", ["kind"] = "NetworkAttachmentDefinition",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name, ["namespace"] = "bench",
                    ["annotations"] = resourceName is null ? null : new JsonObject { ["k8s.v1.cni.cncf.io/resourceName"] = resourceName },
                },
                ["spec"] = new JsonObject { ["config"] = config },
            },
            "k8s.cni.cncf.io", "v1", "bench", "network-attachment-definitions");
}
