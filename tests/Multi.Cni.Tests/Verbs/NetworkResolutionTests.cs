using System.Text.Json.Nodes;
using Multi.Cni;
using Multi.Cni.Tests.Support;
using Multi.Testing;

namespace Multi.Cni.Tests.Verbs;

/// <summary><c>clusterNetwork</c> and <c>defaultNetworks</c> given as paths or as names of files in <c>confDir</c>.</summary>
public sealed class NetworkResolutionTests : IDisposable
{
    private readonly TempDir dir = new();
    private readonly FakePluginExecutor fake = new();

    public NetworkResolutionTests() => Directory.CreateDirectory(ConfDir);

    public void Dispose() => dir.Dispose();

    private string ConfDir => dir["net.d"];

    private string File(string name, string json, string? directory = null)
    {
        var path = Path.Combine(directory ?? ConfDir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private JsonObject Config(string clusterNetwork, params string[] defaultNetworks) => new()
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "multi-net",
        ["cniDir"] = dir["cache"],
        ["confDir"] = ConfDir,
        ["clusterNetwork"] = clusterNetwork,
        ["defaultNetworks"] = new JsonArray(defaultNetworks.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
        ["delegates"] = new JsonArray(new JsonObject { ["name"] = "ignored", ["type"] = "ignored" }),
    };

    private Task<(PluginOutcome Outcome, JsonObject? Json)> AddAsync(JsonObject config, string? cniArgs = null) =>
        new PluginHarness(fake).RunAsync("ADD", config, cniArgs: cniArgs);

    [Fact]
    public async Task Add_PathsToAConflistAndAConf_RunAsClusterNetworkAndDefaultNetwork()
    {
        var cluster = File("cluster.conflist", """{"cniVersion":"1.0.0","name":"cluster","plugins":[{"type":"bridge"},{"type":"portmap"}]}""");
        var storage = File("storage.conf", """{"cniVersion":"0.4.0","name":"storage","type":"macvlan"}""");

        var (outcome, _) = await AddAsync(Config(cluster, storage));

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["ADD bridge eth0", "ADD portmap eth0", "ADD macvlan net1"], fake.Trace);
        Assert.Equal("0.4.0", fake.Calls[2].Config["cniVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Add_PathToADirectory_UsesItsLexicallyFirstConfOrConflist()
    {
        File("20-b.conf", """{"cniVersion":"1.0.0","name":"b","type":"ptp"}""");
        File("10-a.conflist", """{"cniVersion":"1.0.0","name":"a","plugins":[{"type":"bridge"}]}""");
        File("05-c.json", """{"cniVersion":"1.0.0","name":"c","type":"ipvlan"}""");

        await AddAsync(Config(ConfDir));

        Assert.Equal(["ADD bridge eth0"], fake.Trace);
    }

    [Fact]
    public async Task Add_NameWithoutSlash_IsTheFirstFileInConfDirWithThatName()
    {
        File("10-x.conf", """{"cniVersion":"1.0.0","name":"other","type":"ptp"}""");
        File("20-y.conflist", """{"cniVersion":"1.0.0","name":"cluster","plugins":[{"type":"bridge"}]}""");
        File("30-z.conf", """{"cniVersion":"1.0.0","name":"cluster","type":"ipvlan"}""");

        await AddAsync(Config("cluster", "other"));

        Assert.Equal(["ADD bridge eth0", "ADD ptp net1"], fake.Trace);
    }

    [Fact]
    public async Task Add_PodInASystemNamespace_GetsNoDefaultNetworks()
    {
        File("cluster.conf", """{"cniVersion":"1.0.0","name":"cluster","type":"bridge"}""");
        File("storage.conf", """{"cniVersion":"1.0.0","name":"storage","type":"macvlan"}""");

        await AddAsync(Config("cluster", "storage"), cniArgs: "K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=coredns");

        Assert.Equal(["ADD bridge eth0"], fake.Trace);
    }

    [Theory]
    [InlineData(false, new[] { "bridge", "tuning" })]
    [InlineData(true, new[] { "bridge" })]
    public async Task Add_ConflistWithASubDirectoryOfConfs_AppendsThemUnlessLoadOnlyInlinedPlugins(bool onlyInlined, string[] types)
    {
        var cluster = File("cluster.conflist", $$"""{"cniVersion":"1.0.0","name":"cluster","loadOnlyInlinedPlugins":{{(onlyInlined ? "true" : "false")}},"plugins":[{"type":"bridge"}]}""");
        File("extra.conf", """{"type":"tuning"}""", Path.Combine(ConfDir, "cluster"));

        await AddAsync(Config(cluster));

        Assert.Equal(types, fake.Calls.Select(c => c.Type));
    }

    [Fact]
    public async Task Add_DelegateFileWithoutVersion_InheritsTheMetaVersion_AndCniVersionsPicksTheHighestSupported()
    {
        File("cluster.conf", """{"name":"cluster","type":"bridge"}""");
        File("storage.conf", """{"name":"storage","type":"macvlan","cniVersion":"0.3.1","cniVersions":["0.4.0","1.0.0","9.0.0"]}""");

        await AddAsync(Config("cluster", "storage"));

        Assert.Equal("1.0.0", fake.Calls[0].Config["cniVersion"]!.GetValue<string>());
        Assert.Equal("1.0.0", fake.Calls[1].Config["cniVersion"]!.GetValue<string>());
        Assert.Null(fake.Calls[1].Config["cniVersions"]);
    }

    [Theory]
    [InlineData("absent", "no file in")]
    [InlineData("broken", "not valid JSON")]
    [InlineData("/nonexistent/cluster.conf", "does not exist")]
    public async Task Add_UnresolvableClusterNetwork_Fails7NamingIt(string clusterNetwork, string reason)
    {
        File("00-broken.conf", "{ not json");
        File("10-ok.conf", """{"cniVersion":"1.0.0","name":"ok","type":"bridge"}""");

        var (outcome, json) = await AddAsync(Config(clusterNetwork));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(7u, PluginHarness.Code(json));
        Assert.Contains(reason, PluginHarness.Msg(json) + json!["details"], StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Add_TheConfigurationMultusWrites_WorksUnchanged()
    {
        // As Multus's daemon writes 00-multus.conf (paths moved into the test's directory), with a real API server
        // that has the pod but not the NAD CRD: the cluster network falls back to the file in confDir.
        await using var server = new Multi.Sandbox.ApiServer.EmbeddedApiServer(new Multi.Sandbox.ApiServer.EmbeddedApiServerOptions());
        await server.StartAsync(TestContext.Current.CancellationToken);
        server.WriteKubeconfig(dir["multus.kubeconfig"]);
        var client = Multi.Cni.Kube.KubeApiClient.Create(dir["multus.kubeconfig"], Multi.Cni.Kube.KubeRetryPolicy.Default, TimeProvider.System);
        var pod = await client.CreateAsync("/api/v1/namespaces/default/pods", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "web" } }, TestContext.Current.CancellationToken);
        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        File("10-calico.conflist", """{"cniVersion":"0.3.1","name":"k8s-pod-network","plugins":[{"type":"calico","ipam":{"type":"calico-ipam"}},{"type":"portmap","capabilities":{"portMappings":true},"snat":true}]}""");
        var multus = JsonNode.Parse($$"""
            {
              "cniVersion": "0.3.1", "name": "multus-cni-network", "type": "multus",
              "capabilities": {"portMappings": true},
              "kubeconfig": "{{dir["multus.kubeconfig"]}}",
              "confDir": "{{ConfDir}}", "cniDir": "{{dir["cache"]}}", "binDir": "/opt/cni/bin",
              "logFile": "{{dir["multus.log"]}}", "logLevel": "verbose", "logToStderr": false, "logOptions": {"maxAge": 5, "maxSize": 100},
              "readinessindicatorfile": "", "namespaceIsolation": false, "globalNamespaces": "default",
              "clusterNetwork": "k8s-pod-network", "defaultNetworks": [], "systemNamespaces": ["kube-system"],
              "multusNamespace": "kube-system", "delegates": [],
              "runtimeConfig": {"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]}
            }
            """)!.AsObject();

        var harness = new PluginHarness(fake) { Kube = new Multi.Cni.Kube.KubeApiFactory(TimeProvider.System) };
        var (outcome, json) = await harness.RunAsync("ADD", multus, cniArgs: $"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID={uid}");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout);
        Assert.Equal("0.3.1", json!["cniVersion"]!.GetValue<string>());
        Assert.Equal(["ADD calico eth0", "ADD portmap eth0"], fake.Trace);
        Assert.Null(fake.Calls[0].Config["runtimeConfig"]);
        Assert.Equal(8080, fake.Calls[1].Config["runtimeConfig"]!["portMappings"]![0]!["hostPort"]!.GetValue<int>());
        Assert.Contains("ADD container=c1", System.IO.File.ReadAllText(dir["multus.log"]), StringComparison.Ordinal);
        var written = await client.GetAsync("/api/v1/namespaces/default/pods/web", TestContext.Current.CancellationToken);
        Assert.StartsWith("[{\n    \"name\": \"k8s-pod-network\",\n    \"interface\": \"eth0\"", written["metadata"]!["annotations"]!["k8s.v1.cni.cncf.io/network-status"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_EmptyConfDir_Fails7SayingSo()
    {
        var (_, json) = await AddAsync(Config("cluster"));

        Assert.Equal(7u, PluginHarness.Code(json));
        Assert.Contains("holds no .conf", PluginHarness.Msg(json), StringComparison.Ordinal);
    }
}
