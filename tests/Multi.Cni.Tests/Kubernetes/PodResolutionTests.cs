using System.Text.Json.Nodes;
using Multi.Cni;
using Multi.Cni.Kube;
using Multi.Cni.Tests.Support;
using Multi.Core.Cni;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Cni.Tests.Kubernetes;

/// <summary>
/// Kubernetes mode through the dispatcher with scripted delegates and the real client against the embedded API
/// server on loopback: which requests ADD makes, the attachment list, what each delegate receives, rollback.
/// </summary>
public sealed class PodResolutionTests : IAsyncLifetime
{
    private readonly TempDir dir = new();
    private readonly FakePluginExecutor fake = new();
    private Func<ApiRequestInfo, ApiFault?>? fault;
    private EmbeddedApiServer server = null!;
    private KubeApiClient client = null!;

    public async ValueTask InitializeAsync()
    {
        server = new EmbeddedApiServer(new EmbeddedApiServerOptions { Faults = r => fault?.Invoke(r) });
        await server.StartAsync(TestContext.Current.CancellationToken);
        server.WriteKubeconfig(dir["kubeconfig"]);
        client = KubeApiClient.Create(dir["kubeconfig"], KubeRetryPolicy.Default, TimeProvider.System);
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, "crds", "k8s.cni.cncf.io_network-attachment-definitions.yaml"), TestContext.Current.CancellationToken);
        var crd = JsonNode.Parse(k8s.KubernetesJson.Serialize(k8s.KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(yaml)))!.AsObject();
        await client.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, TestContext.Current.CancellationToken);
        await client.CreateAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "other" } }, TestContext.Current.CancellationToken);
        foreach (var (ns, name, type) in new[] { ("default", "a", "macvlan"), ("default", "b", "ipvlan"), ("other", "c", "ptp"), ("kube-system", "cluster-nad", "bridge"), ("kube-system", "always", "tuning-net") })
        {
            await Nad(ns, name, new JsonObject { ["cniVersion"] = "1.0.0", ["type"] = type, ["capabilities"] = new JsonObject { ["ips"] = true, ["mac"] = true, ["portMappings"] = true } });
        }
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        dir.Dispose();
    }

    private async Task Nad(string ns, string name, JsonObject config) =>
        await client.CreateAsync($"/apis/k8s.cni.cncf.io/v1/namespaces/{ns}/network-attachment-definitions", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["config"] = config.ToJsonString() },
        }, TestContext.Current.CancellationToken);

    private JsonObject Config(Action<JsonObject>? adjust = null)
    {
        var config = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "multi-k8s",
            ["cniDir"] = dir["cache"],
            ["confDir"] = dir["net.d"],
            ["kubeconfig"] = dir["kubeconfig"],
            ["delegates"] = new JsonArray(new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "cluster", ["type"] = "bridge" }),
        };
        adjust?.Invoke(config);
        return config;
    }

    private async Task<(PluginOutcome Outcome, JsonObject? Json, long Before)> AddAsync(string ns, string pod, string? networks, JsonObject? config = null)
    {
        var created = await client.CreateAsync($"/api/v1/namespaces/{ns}/pods", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = pod,
                ["annotations"] = networks is null ? new JsonObject() : new JsonObject { ["k8s.v1.cni.cncf.io/networks"] = networks },
            },
        }, TestContext.Current.CancellationToken);
        var uid = created["metadata"]!["uid"]!.GetValue<string>();
        var before = server.RequestCount;
        var harness = new PluginHarness(fake, TimeProvider.System) { Kube = new KubeApiFactory(TimeProvider.System) };
        var (outcome, json) = await harness.RunAsync("ADD", config ?? Config(), containerId: $"c-{pod}", cniArgs: $"K8S_POD_NAMESPACE={ns};K8S_POD_NAME={pod};K8S_POD_UID={uid}");
        return (outcome, json, before);
    }

    /// <summary>The requests of the ADD path (events apart), as "METHOD path?query".</summary>
    private List<string> PathRequests(long after) => [.. server.Requests
        .Where(r => r.Sequence > after && !r.Path.EndsWith("/events", StringComparison.Ordinal))
        .Select(r => $"{r.Method} {r.Path}{r.Query}")];

    [Fact]
    public async Task Add_OneNad_MakesThreeRequests_PodNadStatus()
    {
        var (outcome, _, before) = await AddAsync("default", "one", "a");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(
            ["GET /api/v1/namespaces/default/pods/one", "GET /apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions/a", "PATCH /api/v1/namespaces/default/pods/one/status"],
            PathRequests(before));
        Assert.Equal(2, server.Requests.Count(r => r.Sequence > before && r.Path.EndsWith("/events", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Add_NadsOfOneNamespace_AreReadWithOneNamespaceList()
    {
        var (outcome, _, before) = await AddAsync("default", "two", "a,b,a@again");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(
            ["GET /api/v1/namespaces/default/pods/two", "GET /apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions", "PATCH /api/v1/namespaces/default/pods/two/status"],
            PathRequests(before));
        Assert.Equal(["ADD bridge eth0", "ADD macvlan net1", "ADD ipvlan net2", "ADD macvlan again"], fake.Trace);
    }

    [Fact]
    public async Task Add_NadsOfSeveralNamespaces_AreReadPerNamespaceNeverClusterWide()
    {
        var (outcome, _, before) = await AddAsync("default", "multi", "a,b,other/c");
        var requests = PathRequests(before);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(4, requests.Count);
        Assert.Equal(
            ["GET /apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions", "GET /apis/k8s.cni.cncf.io/v1/namespaces/other/network-attachment-definitions/c"],
            requests.Skip(1).Take(2).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("GET /apis/k8s.cni.cncf.io/v1/network-attachment-definitions", requests);
    }

    [Fact]
    public async Task Add_ClusterNetworkAndDefaultNetworksAsNads_AreNamedByPosition()
    {
        var config = Config(c =>
        {
            c.Remove("delegates");
            c["clusterNetwork"] = "cluster-nad";
            c["defaultNetworks"] = new JsonArray("always");
        });

        var (outcome, _, before) = await AddAsync("default", "pos", "a@foo,b", config);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(["ADD bridge eth0", "ADD tuning-net net1", "ADD macvlan foo", "ADD ipvlan net3"], fake.Trace);
        Assert.Equal(4, PathRequests(before).Count); // the pod, a LIST of kube-system and one of default at once, the status
        var status = JsonNode.Parse((await client.GetAsync("/api/v1/namespaces/default/pods/pos", TestContext.Current.CancellationToken))["metadata"]!["annotations"]!["k8s.v1.cni.cncf.io/network-status"]!.GetValue<string>())!.AsArray();
        Assert.Equal(["kube-system/cluster-nad", "kube-system/always", "default/a", "default/b"], status.Select(e => e!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Add_PodInASystemNamespace_GetsNoDefaultNetworks()
    {
        var config = Config(c => c["defaultNetworks"] = new JsonArray("always"));
        config.Remove("delegates");
        config["clusterNetwork"] = "cluster-nad";

        var (outcome, _, _) = await AddAsync("kube-system", "sys", null, config);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(["ADD bridge eth0"], fake.Trace);
    }

    [Fact]
    public async Task Add_ElementValues_ReachTheSecondaryDelegateOnly()
    {
        var networks = """[{"name":"a","ips":["10.1.1.5/24"],"mac":"c2:00:00:00:00:05","portMappings":[{"hostPort":8080,"containerPort":80}],"cni-args":{"foo":"bar"}}]""";
        fake.On("macvlan", CniCommand.Add, call => FakePluginExecutor.Ok(new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["interfaces"] = new JsonArray(new JsonObject { ["name"] = "net1", ["mac"] = "c2:00:00:00:00:05", ["sandbox"] = "/var/run/netns/pod1" }),
            ["ips"] = new JsonArray(new JsonObject { ["address"] = "10.1.1.5/24", ["interface"] = 0 }),
        }.ToJsonString()));

        var (outcome, _, _) = await AddAsync("default", "values", networks);

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        var secondary = fake.Calls.Single(c => c.Type == "macvlan" && c.Command == CniCommand.Add);
        var runtimeConfig = secondary.Config["runtimeConfig"]!.AsObject();
        Assert.Equal(["ips", "mac", "portMappings"], runtimeConfig.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("""[{"hostPort":8080,"containerPort":80}]""", runtimeConfig["portMappings"]!.ToJsonString());
        Assert.Equal("""["10.1.1.5/24"]""", runtimeConfig["ips"]!.ToJsonString());
        Assert.Equal("c2:00:00:00:00:05", runtimeConfig["mac"]!.GetValue<string>());
        Assert.Equal("bar", secondary.Config["args"]!["cni"]!["foo"]!.GetValue<string>());
        Assert.EndsWith(";MAC=c2:00:00:00:00:05;IP=10.1.1.5/24", secondary.Variables["CNI_ARGS"], StringComparison.Ordinal);
        var cluster = fake.Calls.First(c => c.Type == "bridge");
        Assert.Null(cluster.Config["runtimeConfig"]);
        Assert.DoesNotContain("MAC=", cluster.Variables["CNI_ARGS"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_RequestedIpNotInResult_FailsAndRollsBack()
    {
        var (outcome, json, _) = await AddAsync("default", "wrongip", """[{"name":"a","ips":["10.9.9.9/24"]}]""");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(106u, PluginHarness.Code(json));
        Assert.Contains("network default/a (net1): requested IP 10.9.9.9/24 is not in the delegate's result", PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Equal(["ADD bridge eth0", "ADD macvlan net1", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
    }

    [Fact]
    public async Task Add_StatusWriteKeepsFailing_FailsRetryablyAndRollsBack()
    {
        fault = r => r.Method == "PATCH" ? ApiFault.ServiceUnavailable() : null;

        var (outcome, json, _) = await AddAsync("default", "nostatus", "a");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(CniErrorCode.TryAgainLater, PluginHarness.Code(json));
        Assert.StartsWith("pod default/nostatus: cannot write network-status", PluginHarness.Msg(json), StringComparison.Ordinal);
        Assert.Equal(["ADD bridge eth0", "ADD macvlan net1", "DEL macvlan net1", "DEL bridge eth0"], fake.Trace);
    }

    [Fact]
    public async Task Add_StatusWriteConflictsOnce_IsRetriedAfterReReadingThePod()
    {
        var conflicts = 0;
        fault = r => r.Method == "PATCH" && Interlocked.Increment(ref conflicts) == 1 ? ApiFault.Status(409, "Conflict", "injected conflict") : null;

        var (outcome, _, before) = await AddAsync("default", "conflict", "a");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal(
            ["GET /api/v1/namespaces/default/pods/conflict", "GET /apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions/a", "PATCH /api/v1/namespaces/default/pods/conflict/status", "GET /api/v1/namespaces/default/pods/conflict", "PATCH /api/v1/namespaces/default/pods/conflict/status"],
            PathRequests(before));
    }

    [Fact]
    public async Task Add_WithoutPodIdentity_RunsOnlyConfiguredDelegatesAndTouchesNoApi()
    {
        var before = server.RequestCount;
        var harness = new PluginHarness(fake, TimeProvider.System) { Kube = new KubeApiFactory(TimeProvider.System) };

        var (outcome, _) = await harness.RunAsync("ADD", Config(), cniArgs: "IgnoreUnknown=1");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["ADD bridge eth0"], fake.Trace);
        Assert.Equal(before, server.RequestCount);
    }
}
