using System.Text;
using System.Text.Json.Nodes;
using Multi.Bench.Measurement;
using Multi.Bench.Pods;
using Multi.Bench.Topology;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

namespace Multi.Bench.Kubernetes;

/// <summary>
/// The Kubernetes path: an embedded API server (in this process, on the node namespace's loopback), the NAD CRD,
/// the two secondaries as NADs, and per pod a pod object annotated with both. The runtime calls <c>multi</c> for
/// ADD and DEL with the pod's identity; the server counts every request each ADD makes.
/// </summary>
internal sealed class KubernetesScenario(BenchTopology topology, ContainerRuntime runtime, string multiBinary, Action<string> progress)
{
    private const string Namespace = "bench";

    public async Task<KubernetesScenarioResult> RunAsync(int pods, int warmupPods)
    {
        await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions());
        var baseAddress = await server.StartAsync().ConfigureAwait(false);
        var kubeconfig = Path.Combine(topology.StateDir, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        using var http = new HttpClient { BaseAddress = baseAddress };
        await KubeObjects.SetUpAsync(http, topology, Namespace).ConfigureAwait(false);
        var config = Config(kubeconfig);

        var samples = new List<KubernetesPodSample>(pods);
        for (var i = 0; i < warmupPods + pods; i++)
        {
            var sample = await RunPodAsync(http, server, config, i).ConfigureAwait(false);
            if (i >= warmupPods)
            {
                samples.Add(sample with { Pod = i - warmupPods });
            }

            if ((i + 1) % 10 == 0)
            {
                progress($"kubernetes pod: {i + 1}/{warmupPods + pods} — last: ADD {sample.AddMs:0.0} ms, DEL {sample.DelMs:0.0} ms, {sample.AddRequests} API requests on ADD + {sample.AddEvents} events");
            }
        }

        return KubernetesScenarioResult.From(warmupPods, samples);
    }

    private async Task<KubernetesPodSample> RunPodAsync(HttpClient http, EmbeddedApiServer server, JsonObject config, int index)
    {
        var name = $"kube-pod-{index}";
        var (_, uid) = await KubeObjects.CreatePodAsync(http, Namespace, name).ConfigureAwait(false);
        var ns = await NetworkNamespace.CreateAsync($"{BenchTopology.Prefix}-kpod-{index}").ConfigureAwait(false);
        await using (ns.ConfigureAwait(false))
        {
            var containerId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)));
            var args = $"IgnoreUnknown=1;K8S_POD_NAMESPACE={Namespace};K8S_POD_NAME={name};K8S_POD_INFRA_CONTAINER_ID={containerId};K8S_POD_UID={uid}";
            var before = server.RequestCount;
            var add = (await runtime.AddAsync(multiBinary, config, containerId, ns.Path, "eth0", args).ConfigureAwait(false)).EnsureSuccess($"multi ADD of {name}");
            var requests = server.Requests.Where(r => r.Sequence > before).ToList();
            await PodInterfaces.ExpectAsync(ns, PodInterfaces.Attached, "after multi ADD (Kubernetes mode)").ConfigureAwait(false);
            var del = (await runtime.DelAsync(multiBinary, config, containerId, ns.Path, "eth0", args).ConfigureAwait(false)).EnsureSuccess($"multi DEL of {name}");
            await PodInterfaces.ExpectAsync(ns, PodInterfaces.Detached, "after multi DEL (Kubernetes mode)").ConfigureAwait(false);
            (await http.DeleteAsync(new Uri($"/api/v1/namespaces/{Namespace}/pods/{name}", UriKind.Relative)).ConfigureAwait(false)).EnsureSuccessStatusCode();

            var events = requests.Count(r => r.Path.EndsWith("/events", StringComparison.Ordinal));
            return new KubernetesPodSample(index, Distribution.Round(add.Elapsed.TotalMilliseconds), Distribution.Round(del.Elapsed.TotalMilliseconds), requests.Count - events, events);
        }
    }

    /// <summary>The configured path's meta-plugin config with only the cluster network inline, plus the kubeconfig.</summary>
    private JsonObject Config(string kubeconfig)
    {
        var config = topology.MultiConfig();
        config["delegates"] = new JsonArray(topology.Delegates()[0]);
        config["kubeconfig"] = kubeconfig;
        return config;
    }
}
