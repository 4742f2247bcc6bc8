using System.Text;
using System.Text.Json.Nodes;
using Multi.Bench.Kubernetes;
using Multi.Bench.Measurement;
using Multi.Bench.Pods;
using Multi.Bench.Topology;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

namespace Multi.Bench.Daemon;

/// <summary>
/// Thick mode against the thin path and the delegates called directly (node-daemon.md, section 7): the embedded API server in
/// this process, the node agent's daemon as a process of its own, the pod's two secondaries as NADs. Per pod a fresh
/// namespace and the three paths on it, in an order that rotates from pod to pod; then bursts of pods at 64 at a time.
/// </summary>
internal sealed class DaemonScenario(BenchTopology topology, ContainerRuntime runtime, string multiBinary, Action<string> progress, string? floorBinary = null)
{
    private const string Namespace = "bench";
    // "again": the direct calls a second time on the same pod, so that the spread of direct − direct again shows how much of
    // the overhead's spread is the delegates' own (the measurement's noise), not the daemon's.
    private static readonly string[][] Orders =
    [
        ["daemon", "thin", "direct", "again"], ["thin", "direct", "again", "daemon"], ["direct", "again", "daemon", "thin"], ["again", "daemon", "thin", "direct"],
    ];

    public async Task<DaemonScenarioResult> RunAsync(int pods, int warmupPods, int burstPods, int concurrency) =>
        (await RunAsync(pods, warmupPods, bursts: (burstPods, concurrency)).ConfigureAwait(false)).Result!;

    /// <summary>
    /// The per-pod comparison alone (<c>--only thick</c>): the samples and the daemon's <c>multi_daemon_*</c> lines, no bursts,
    /// no results files. A diagnostic for work on the overhead, not the benchmark's verdict.
    /// </summary>
    public async Task<(IReadOnlyList<DaemonPodSample> Samples, IReadOnlyList<string> Metrics)> ProbeAsync(int pods, int warmupPods)
    {
        var run = await RunAsync(pods, warmupPods, bursts: null).ConfigureAwait(false);
        return (run.Samples, run.Metrics);
    }

    private async Task<(DaemonScenarioResult? Result, IReadOnlyList<DaemonPodSample> Samples, IReadOnlyList<string> Metrics)> RunAsync(
        int pods, int warmupPods, (int Pods, int Concurrency)? bursts)
    {
        await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions());
        var baseAddress = await server.StartAsync().ConfigureAwait(false);
        var kubeconfig = Path.Combine(topology.StateDir, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        using var http = new HttpClient { BaseAddress = baseAddress };
        await KubeObjects.SetUpAsync(http, topology, Namespace).ConfigureAwait(false);
        await using var daemon = await DaemonProcess.StartAsync(kubeconfig, topology.StateDir).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        var restBefore = daemon.Memory().Rss;
        progress($"daemon: ready, {restBefore:0.0} MiB resident at rest");

        var thin = Config(kubeconfig, socket: null);
        var thick = Config(kubeconfig, daemon.Socket);
        var direct = DirectPodPath.Create(topology, runtime, RepoLayout.DebianPluginDir);
        var samples = new List<DaemonPodSample>(pods);
        var next = await KubeObjects.CreatePodAsync(http, Namespace, "thick-pod-0", DaemonProcess.NodeName).ConfigureAwait(false);
        for (var i = 0; i < warmupPods + pods; i++)
        {
            // The next pod exists before this one's sandbox is made, as a scheduled pod exists before the kubelet calls CNI.
            var pod = next;
            next = await KubeObjects.CreatePodAsync(http, Namespace, $"thick-pod-{i + 1}", DaemonProcess.NodeName).ConfigureAwait(false);
            var sample = await RunPodAsync(server, pod, i, thin, thick, direct).ConfigureAwait(false);
            if (i >= warmupPods)
            {
                samples.Add(sample with { Pod = i - warmupPods });
            }

            if ((i + 1) % 10 == 0)
            {
                progress($"thick pod: {i + 1}/{warmupPods + pods} — last: daemon {sample.DaemonMs:0.0} ms ({sample.DaemonAddRequests} API requests on ADD), thin {sample.ThinMs:0.0} ms, direct {sample.DirectMs:0.0} ms");
            }
        }

        var restAfter = daemon.Memory().Rss;
        if (bursts is not { } b)
        {
            return (null, samples, await daemon.MetricsAsync().ConfigureAwait(false));
        }

        var (burstPods, concurrency) = b;
        var burst = new PodBurst(runtime, multiBinary, http, Namespace, DaemonProcess.NodeName, progress);
        var peak = await burst.RunAsync("daemon-64", thick, concurrency, concurrency, daemon).ConfigureAwait(false);
        var daemonBurst = await burst.RunAsync("daemon", thick, burstPods, concurrency, daemon).ConfigureAwait(false);
        var thinBurst = await burst.RunAsync("thin", thin, burstPods, concurrency, null).ConfigureAwait(false);
        var metrics = await daemon.MetricsAsync().ConfigureAwait(false);
        return (DaemonScenarioResult.From(warmupPods, daemon.Build, samples, (restBefore, restAfter), peak, daemonBurst, thinBurst, metrics), samples, metrics);
    }

    private async Task<DaemonPodSample> RunPodAsync(EmbeddedApiServer server, (string Name, string Uid) pod, int index, JsonObject thin, JsonObject thick, DirectPodPath direct)
    {
        var ns = await NetworkNamespace.CreateAsync(BenchTopology.PodNamespace(index)).ConfigureAwait(false);
        await using (ns.ConfigureAwait(false))
        {
            var order = Orders[index % Orders.Length];
            (double Add, double Del, int AddRequests, int DelRequests) thick1 = default, thin1 = default;
            PathSample? directSample = null, againSample = null;
            foreach (var path in order)
            {
                switch (path)
                {
                    case "daemon":
                        thick1 = await RunMultiAsync(server, thick, pod, ns, "daemon").ConfigureAwait(false);
                        break;
                    case "thin":
                        thin1 = await RunMultiAsync(server, thin, pod, ns, "thin").ConfigureAwait(false);
                        break;
                    case "again":
                        againSample = await direct.RunAsync(new BenchPod(index, ns)).ConfigureAwait(false);
                        break;
                    default:
                        directSample = await direct.RunAsync(new BenchPod(index, ns)).ConfigureAwait(false);
                        break;
                }
            }

            // The floor, in the same conditions: two starts of the smallest program that answers (the shim's ADD and DEL).
            var floor = floorBinary is null ? 0 : await FloorAsync(floorBinary).ConfigureAwait(false) + await FloorAsync(floorBinary).ConfigureAwait(false);
            return new DaemonPodSample(index, string.Join(",", order), thick1.Add, thick1.Del, thin1.Add, thin1.Del,
                directSample!.CommandMs("ADD"), directSample.CommandMs("DEL"), thick1.AddRequests, thick1.DelRequests, thin1.AddRequests, thin1.DelRequests)
            {
                DirectAgainAddMs = againSample!.CommandMs("ADD"),
                DirectAgainDelMs = againSample.CommandMs("DEL"),
                FloorMs = Distribution.Round(floor),
            };
        }
    }

    private async Task<(double Add, double Del, int AddRequests, int DelRequests)> RunMultiAsync(
        EmbeddedApiServer server, JsonObject config, (string Name, string Uid) pod, NetworkNamespace ns, string path)
    {
        var containerId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{pod.Name}/{path}")));
        var args = KubeObjects.PodArgs(Namespace, pod, containerId);
        var before = server.RequestCount;
        var add = (await runtime.AddAsync(multiBinary, config, containerId, ns.Path, "eth0", args).ConfigureAwait(false)).EnsureSuccess($"{path} ADD of {pod.Name}");
        var addRequests = NonEvents(server, before);
        await PodInterfaces.ExpectAsync(ns, PodInterfaces.Attached, $"after {path} ADD").ConfigureAwait(false);
        before = server.RequestCount;
        var del = (await runtime.DelAsync(multiBinary, config, containerId, ns.Path, "eth0", args).ConfigureAwait(false)).EnsureSuccess($"{path} DEL of {pod.Name}");
        var delRequests = NonEvents(server, before);
        await PodInterfaces.ExpectAsync(ns, PodInterfaces.Detached, $"after {path} DEL").ConfigureAwait(false);
        return (Distribution.Round(add.Elapsed.TotalMilliseconds), Distribution.Round(del.Elapsed.TotalMilliseconds), addRequests, delRequests);
    }

    private async Task<double> FloorAsync(string binary) =>
        (await runtime.VersionAsync(binary).ConfigureAwait(false)).EnsureSuccess($"{binary} VERSION").Elapsed.TotalMilliseconds;

    /// <summary>Requests the server received since <paramref name="before"/>, events apart (they are sent after the answer).</summary>
    private static int NonEvents(EmbeddedApiServer server, long before) =>
        server.Requests.Count(r => r.Sequence > before && !r.Path.EndsWith("/events", StringComparison.Ordinal));

    /// <summary>The cluster network inline, secondaries from the pod's annotation, the kubeconfig, and the daemon socket for thick mode.</summary>
    private JsonObject Config(string kubeconfig, string? socket)
    {
        var config = topology.MultiConfig();
        config["delegates"] = new JsonArray(topology.Delegates()[0]);
        config["kubeconfig"] = kubeconfig;
        if (socket is not null)
        {
            config["daemonSocket"] = socket;
        }

        return config;
    }
}
