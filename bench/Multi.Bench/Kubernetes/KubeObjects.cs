using System.Text;
using System.Text.Json.Nodes;
using Multi.Bench.Topology;
using Multi.Sandbox.Host;

namespace Multi.Bench.Kubernetes;

/// <summary>The objects the Kubernetes-mode scenarios create through the embedded API server's HTTP API.</summary>
internal static class KubeObjects
{
    /// <summary>The namespace, the NAD CRD from crds/, and the topology's secondaries as NADs.</summary>
    public static async Task SetUpAsync(HttpClient http, BenchTopology topology, string ns)
    {
        await PostAsync(http, "/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }).ConfigureAwait(false);
        // The NAD CRD and Multi's IPAM CRDs, as the deployment applies them (the node daemon watches IPPools too).
        foreach (var file in new[] { "k8s.cni.cncf.io_network-attachment-definitions.yaml", "multi.dev_ippools.yaml", "multi.dev_ipallocations.yaml" })
        {
            var yaml = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", file)).ConfigureAwait(false);
            var crd = (JsonObject)JsonNode.Parse(k8s.KubernetesJson.Serialize(k8s.KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(yaml)))!;
            await PostAsync(http, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).ConfigureAwait(false);
        }
        foreach (var network in topology.Delegates().Skip(1))
        {
            await PostAsync(http, $"/apis/k8s.cni.cncf.io/v1/namespaces/{ns}/network-attachment-definitions", new JsonObject
            {
                ["apiVersion"] = "k8s.cni.cncf.io/v1",
                ["kind"] = "NetworkAttachmentDefinition",
                ["metadata"] = new JsonObject { ["name"] = network["name"]!.GetValue<string>() },
                ["spec"] = new JsonObject { ["config"] = network.ToJsonString() },
            }).ConfigureAwait(false);
        }
    }

    /// <summary>A pod annotated with both secondaries, on <paramref name="node"/> when given; its name and UID.</summary>
    public static async Task<(string Name, string Uid)> CreatePodAsync(HttpClient http, string ns, string name, string? node = null)
    {
        var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox" }) };
        if (node is not null)
        {
            spec["nodeName"] = node;
        }

        var pod = await PostAsync(http, $"/api/v1/namespaces/{ns}/pods", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/networks"] = "storage,backhaul" },
            },
            ["spec"] = spec,
        }).ConfigureAwait(false);
        return (name, pod["metadata"]!["uid"]!.GetValue<string>());
    }

    /// <summary>The <c>CNI_ARGS</c> containerd passes for the pod.</summary>
    public static string PodArgs(string ns, (string Name, string Uid) pod, string containerId) =>
        $"IgnoreUnknown=1;K8S_POD_NAMESPACE={ns};K8S_POD_NAME={pod.Name};K8S_POD_INFRA_CONTAINER_ID={containerId};K8S_POD_UID={pod.Uid}";

    public static async Task<JsonObject> PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? (JsonObject)JsonNode.Parse(text)!
            : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }
}
