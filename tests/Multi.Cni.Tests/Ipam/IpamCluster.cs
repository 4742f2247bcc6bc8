using System.Text;
using System.Text.Json.Nodes;
using Multi.Cni;
using Multi.Cni.Ipam;
using Multi.Cni.Kube;
using Multi.Core.Cni;
using Multi.Cni.Tests.Kube;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using k8s;
using k8s.Models;

namespace Multi.Cni.Tests.Ipam;

/// <summary>
/// The embedded API server with the shipped IPAM CRDs, and multi-ipam run in-process against it. The cluster's node has
/// its own journal directory, set up before the first ADD as node setup would.
/// </summary>
internal sealed class IpamCluster : IAsyncDisposable
{
    public const string Base = "/apis/multi.dev/v1alpha1";

    private IpamCluster(KubeTestServer server, KubeApiClient client)
    {
        Test = server;
        Client = client;
        JournalDir = Path.Combine(Path.GetTempPath(), "multi-ipam-journal-" + Guid.NewGuid().ToString("N")[..8]);
        IpamJournal.Initialize(JournalDir);
    }

    public string JournalDir { get; }

    /// <summary>Requests the API server has answered so far.</summary>
    public long Requests => Test.Server.RequestCount;

    public KubeTestServer Test { get; }

    public KubeApiClient Client { get; }

    public string Kubeconfig => Test.Kubeconfig;

    public static async Task<IpamCluster> StartAsync(EmbeddedApiServerOptions? options = null)
    {
        var server = await KubeTestServer.StartAsync(options);
        using (var k8sClient = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig)))
        {
            foreach (var file in new[] { "multi.dev_ippools.yaml", "multi.dev_ipallocations.yaml" })
            {
                var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", file)));
                await k8sClient.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: TestContext.Current.CancellationToken);
            }
        }

        return new IpamCluster(server, server.Client());
    }

    public async Task<JsonObject> CreatePoolAsync(string name, string cidr, Action<JsonObject>? adjust = null)
    {
        var spec = new JsonObject { ["cidr"] = cidr };
        adjust?.Invoke(spec);
        var pool = new JsonObject
        {
            ["apiVersion"] = "multi.dev/v1alpha1",
            ["kind"] = "IPPool",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
        return await Client.CreateAsync($"{Base}/ippools", pool, TestContext.Current.CancellationToken);
    }

    public async Task<List<JsonObject>> ClaimsAsync(string? pool = null)
    {
        var query = pool is null ? "" : $"?labelSelector={Uri.EscapeDataString($"multi.dev/pool={pool}")}";
        var list = await Client.GetAsync($"{Base}/ipallocations{query}", TestContext.Current.CancellationToken);
        return list["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    public static JsonObject Config(string cniVersion, string kubeconfig, string journalDir, params string[] pools)
    {
        var ipam = new JsonObject { ["type"] = "multi-ipam", ["kubeconfig"] = kubeconfig, ["journalDir"] = journalDir };
        if (pools.Length == 1)
        {
            ipam["pool"] = pools[0];
        }
        else
        {
            ipam["pools"] = new JsonArray(pools.Select(p => (JsonNode)p).ToArray());
        }

        return new JsonObject { ["cniVersion"] = cniVersion, ["name"] = "net1", ["type"] = "macvlan", ["ipam"] = ipam };
    }

    public JsonObject Config(params string[] pools) => Config("1.1.0", Kubeconfig, JournalDir, pools);

    public static string PodArgs(string pod, string uid = "uid-1", string ns = "default") =>
        $"IgnoreUnknown=1;K8S_POD_NAMESPACE={ns};K8S_POD_NAME={pod};K8S_POD_UID={uid}";

    /// <summary>One in-process invocation of multi-ipam, as the binary would run it with env and stdin.</summary>
    public async Task<(PluginOutcome Outcome, JsonObject? Json)> RunAsync(
        string command,
        JsonObject config,
        string containerId = "c1",
        string ifName = "net1",
        string? cniArgs = null,
        string node = "node-a",
        TimeProvider? clock = null,
        int seed = 1,
        CancellationTokenSource? cancel = null,
        IpamOptions? options = null)
    {
        var env = new CniEnvironment(command, containerId, command is "ADD" or "CHECK" ? "/var/run/netns/p" : null, command is "GC" or "STATUS" ? null : ifName, cniArgs, "/opt/cni/bin");
        if (command is "GC" or "STATUS")
        {
            env = env with { ContainerId = null };
        }

        var plugin = new IpamPlugin(new TestKubeFactory(clock ?? TimeProvider.System), clock ?? TimeProvider.System, new Random(seed), node, TextWriter.Null, options);
        var outcome = await plugin.RunAsync(env, Encoding.UTF8.GetBytes(config.ToJsonString()), cancel?.Token ?? TestContext.Current.CancellationToken);
        return (outcome, outcome.Stdout.Length == 0 ? null : JsonNode.Parse(outcome.Stdout) as JsonObject);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Test.DisposeAsync();
        if (Directory.Exists(JournalDir))
        {
            Directory.Delete(JournalDir, recursive: true);
        }
    }

    private sealed class TestKubeFactory(TimeProvider clock) : IKubeApiFactory
    {
        public IKubeApi Create(string kubeconfigPath, CniCommand command) => KubeApiClient.Create(kubeconfigPath, KubeTestServer.FastPolicy, clock);
    }
}
