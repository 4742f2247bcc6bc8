using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Multi.MetaPlugin.Tests.Integration;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Kubernetes;

/// <summary>
/// Kubernetes mode end to end: the embedded API server over HTTP, the real KubernetesClient for the test's own
/// objects, the built <c>multi</c> binary run by a runtime inside a node namespace, real pod namespaces and
/// Debian's plugins. NADs: <c>bridge-net</c> (bridge + host-local 10.77.0.0/24), <c>mac-fixed</c> (macvlan +
/// static 10.55.0.5/24), <c>mac-req</c> (macvlan + static, taking <c>ips</c> and <c>mac</c> from the annotation),
/// <c>ptp-net</c> (ptp + host-local, which honours neither <c>ips</c> nor <c>mac</c>).
/// </summary>
public sealed class KubernetesModeTests : IAsyncLifetime
{
    private KubeTestNode kube = null!;

    private TestNode Node => kube.Node;

    public async ValueTask InitializeAsync()
    {
        kube = await KubeTestNode.CreateAsync();
        await kube.CreateNadAsync("default", "bridge-net", new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["type"] = "bridge",
            ["bridge"] = $"{Node.Prefix}b2",
            ["ipam"] = Node.HostLocal("10.77.0.0/24"),
        });
        await kube.CreateNadAsync("default", "mac-fixed", Node.MacvlanStatic("10.55.0.5/24"));
        await kube.CreateNadAsync("default", "mac-req", new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["type"] = "macvlan",
            ["master"] = Node.Master,
            ["mode"] = "bridge",
            ["capabilities"] = new JsonObject { ["ips"] = true, ["mac"] = true },
            ["ipam"] = new JsonObject { ["type"] = "static" },
        });
        await kube.CreateNadAsync("default", "ptp-net", Node.Ptp());
    }

    public async ValueTask DisposeAsync() => await kube.DisposeAsync();

    private async Task<(V1Pod Pod, NetworkNamespace Netns, Sandbox.Runtime.CniCallResult Add)> AddAsync(
        string name, string? networks, JsonObject? config = null, string ns = "default", string? uid = null, IDictionary<string, string>? more = null)
    {
        var annotations = new Dictionary<string, string>(more ?? new Dictionary<string, string>());
        if (networks is not null)
        {
            annotations["k8s.v1.cni.cncf.io/networks"] = networks;
        }

        await kube.EnsureNamespaceAsync(ns);
        var pod = await kube.CreatePodAsync(ns, name, annotations);
        var netns = await Node.PodAsync(name);
        var add = await Node.Runtime.AddAsync(TestNode.Multi, config ?? kube.MultiConfig(), $"ctr-{name}", netns.Path, "eth0", KubeTestNode.PodArgs(pod, uid));
        return (pod, netns, add);
    }

    private static async Task<Dictionary<string, string[]>> AddressesAsync(NetworkNamespace pod) =>
        (await pod.LinksAsync()).Where(l => l.Name != "lo").ToDictionary(l => l.Name, l => l.GlobalAddresses.ToArray());

    private async Task<JsonArray> NetworkStatusAsync(V1Pod pod)
    {
        var current = await kube.ReadPodAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        Assert.True(current.Metadata.Annotations?.ContainsKey("k8s.v1.cni.cncf.io/network-status") == true, "network-status was not written");
        return JsonNode.Parse(current.Metadata.Annotations!["k8s.v1.cni.cncf.io/network-status"])!.AsArray();
    }

    private static uint Code(Sandbox.Runtime.CniCallResult call) => call.Json?["code"]?.GetValue<uint>() ?? 0;

    private static string Msg(Sandbox.Runtime.CniCallResult call) => call.Json?["msg"]?.GetValue<string>() ?? call.Stdout;

    [Fact]
    public async Task Add_CommaFormAnnotation_AttachesEveryNetworkAndWritesNetworkStatus()
    {
        var (pod, netns, add) = await AddAsync("comma", "bridge-net, mac-fixed@data0");

        add.EnsureSuccess("ADD");
        var addresses = await AddressesAsync(netns);
        Assert.Equal(["data0", "eth0", "net1"], addresses.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["10.244.0.2/24"], addresses["eth0"]);
        Assert.Equal(["10.77.0.2/24"], addresses["net1"]);
        Assert.Equal(["10.55.0.5/24"], addresses["data0"]);

        var status = await NetworkStatusAsync(pod);
        Assert.Equal(["cluster|eth0|10.244.0.2|True", "default/bridge-net|net1|10.77.0.2|False", "default/mac-fixed|data0|10.55.0.5|False"],
            status.Select(e => $"{e!["name"]}|{e["interface"]}|{string.Join(',', e["ips"]!.AsArray().Select(i => i!.GetValue<string>()))}|{e["default"]?.GetValue<bool>() == true}"));
        var links = (await netns.LinksAsync()).ToDictionary(l => l.Name, l => l.Mac);
        Assert.Equal(links["data0"], status[2]!["mac"]!.GetValue<string>());
        Assert.Equal(links["eth0"], status[0]!["mac"]!.GetValue<string>());
        Assert.Equal("{}", status[1]!["dns"]!.ToJsonString());

        var events = (await kube.EventsAsync("default")).Where(e => e.InvolvedObject.Name == "comma").ToList();
        Assert.Equal(
            ["Add data0 [10.55.0.5/24] from default/mac-fixed", "Add eth0 [10.244.0.2/24] from cluster", "Add net1 [10.77.0.2/24] from default/bridge-net"],
            events.Where(e => e.Reason == "AddedInterface").Select(e => e.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Add_JsonFormWithIpsMacInterfaceAndDefaultRoute_AppliesAndVerifiesThem()
    {
        var networks = """[{"name":"mac-req","namespace":"default","interface":"ext0","ips":["10.56.0.9/24"],"mac":"c2:00:00:00:00:09","default-route":["10.56.0.1"]}]""";

        var (pod, netns, add) = await AddAsync("json", networks);

        add.EnsureSuccess("ADD");
        var links = (await netns.LinksAsync()).ToDictionary(l => l.Name);
        Assert.Equal(["10.56.0.9/24"], links["ext0"].GlobalAddresses);
        Assert.Equal("c2:00:00:00:00:09", links["ext0"].Mac);
        var defaults = (await netns.RoutesAsync()).Where(r => r.Destination == "default").ToList();
        Assert.Equal([("10.56.0.1", "ext0")], defaults.Select(r => (r.Gateway, r.Device)));
        var status = await NetworkStatusAsync(pod);
        Assert.Equal("default/mac-req", status[1]!["name"]!.GetValue<string>());
        Assert.Equal("ext0", status[1]!["interface"]!.GetValue<string>());
        Assert.True(status[0]!["default"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Add_RequestedMacNotApplied_FailsNamingTheCapabilityAndRollsBack()
    {
        var (_, netns, add) = await AddAsync("nomac", """[{"name":"ptp-net","mac":"c2:00:00:00:00:10"}]""");

        Assert.False(add.Succeeded);
        Assert.Equal(106u, Code(add));
        Assert.Contains("default/ptp-net", Msg(add), StringComparison.Ordinal);
        Assert.Contains("\"mac\" capability", Msg(add), StringComparison.Ordinal);
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
        Assert.Empty(Node.Leases());
        Assert.DoesNotContain(Node.CacheEntries(), e => !e.EndsWith(".lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Add_NamespaceIsolationViolation_FailsBeforeAnyDelegate()
    {
        await kube.EnsureNamespaceAsync("team-b");
        await kube.CreateNadAsync("team-b", "private", Node.Ptp());
        var config = kube.MultiConfig(c => c["namespaceIsolation"] = true);

        var (_, netns, add) = await AddAsync("iso", "team-b/private", config, ns: "team-a");

        Assert.Equal(105u, Code(add));
        Assert.Contains("pod team-a/iso", Msg(add), StringComparison.Ordinal);
        Assert.Contains("\"team-b\"", Msg(add), StringComparison.Ordinal);
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
    }

    [Fact]
    public async Task Add_UnknownNad_FailsWithNoNetworkFoundEventAndNothingAttached()
    {
        var (_, netns, add) = await AddAsync("unknown", "bridge-net,missing-net");

        Assert.Equal(104u, Code(add));
        Assert.Equal("pod default/unknown: network-attachment-definition default/missing-net not found", Msg(add));
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
        var warning = Assert.Single(await kube.EventsAsync("default"), e => e.Reason == "NoNetworkFound");
        Assert.Equal("Warning", warning.Type);
        Assert.Contains("(missing-net) in namespace (default)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NadWithInvalidJson_FailsNamingPodAndNad()
    {
        var nad = new JsonObject
        {
            ["apiVersion"] = "k8s.cni.cncf.io/v1",
            ["kind"] = "NetworkAttachmentDefinition",
            ["metadata"] = new JsonObject { ["name"] = "broken", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["config"] = "{\"type\": \"bridge\"," },
        };
        await kube.Client.CustomObjects.CreateNamespacedCustomObjectAsync(nad, "k8s.cni.cncf.io", "v1", "default", "network-attachment-definitions", cancellationToken: TestContext.Current.CancellationToken);

        var (_, netns, add) = await AddAsync("broken", "broken");

        Assert.Equal(104u, Code(add));
        Assert.StartsWith("pod default/broken: network-attachment-definition default/broken: spec.config is not valid JSON", Msg(add), StringComparison.Ordinal);
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
    }

    [Fact]
    public async Task Add_PodUidMismatch_FailsWithBothUids()
    {
        var (pod, netns, add) = await AddAsync("uid", "bridge-net", uid: "00000000-0000-0000-0000-000000000000");

        Assert.Equal(108u, Code(add));
        Assert.Contains("00000000-0000-0000-0000-000000000000", Msg(add), StringComparison.Ordinal);
        Assert.Contains(pod.Metadata.Uid, Msg(add), StringComparison.Ordinal);
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
    }

    [Fact]
    public async Task Add_DuplicateInterfaceName_IsRejectedBeforeAnyDelegate()
    {
        var (_, netns, add) = await AddAsync("dup", "bridge-net@x0,mac-fixed@x0");

        Assert.Equal(107u, Code(add));
        Assert.Contains("pod default/dup", Msg(add), StringComparison.Ordinal);
        Assert.Contains("\"x0\" is used twice", Msg(add), StringComparison.Ordinal);
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
    }

    [Fact]
    public async Task Del_WithTheApiServerStopped_SucceedsFromTheCache()
    {
        var (pod, netns, add) = await AddAsync("del", "bridge-net,ptp-net");
        add.EnsureSuccess("ADD");
        Assert.NotEmpty(Node.Leases());

        await kube.StopApiServerAsync();
        var del = await Node.Runtime.DelAsync(TestNode.Multi, kube.MultiConfig(), "ctr-del", netns.Path, "eth0", KubeTestNode.PodArgs(pod));

        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
        Assert.Empty(Node.Leases());
        Assert.DoesNotContain(Node.CacheEntries(), e => !e.EndsWith(".lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Del_WithoutCacheEntryAndWithTheApiServerStopped_DeletesTheClusterNetwork()
    {
        var (pod, netns, add) = await AddAsync("lost", "ptp-net");
        add.EnsureSuccess("ADD");
        Directory.Delete(Path.Combine(Node.CacheDir, "attachments"), recursive: true);

        await kube.StopApiServerAsync();
        var del = await Node.Runtime.DelAsync(TestNode.Multi, kube.MultiConfig(), "ctr-lost", netns.Path, "eth0", KubeTestNode.PodArgs(pod));

        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.DoesNotContain(Node.Leases(), l => l.StartsWith("cluster/", StringComparison.Ordinal));
        // Only what the lost cache alone knew (the annotation's network, net1) may remain, and the log says so.
        Assert.Equal(["net1"], (await AddressesAsync(netns)).Keys);
        Assert.Contains("may remain", del.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithTheApiServerDown_FailsRetryablyWithinTheBound()
    {
        await kube.EnsureNamespaceAsync("default");
        var pod = await kube.CreatePodAsync("default", "down");
        var netns = await Node.PodAsync("down");
        await kube.StopApiServerAsync();

        var add = await Node.Runtime.AddAsync(TestNode.Multi, kube.MultiConfig(), "ctr-down", netns.Path, "eth0", KubeTestNode.PodArgs(pod));

        Assert.Equal(11u, Code(add));
        Assert.Contains("pod default/down", Msg(add), StringComparison.Ordinal);
        Assert.True(add.Elapsed < TimeSpan.FromSeconds(20), $"ADD took {add.Elapsed}");
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
    }

    [Theory]
    [InlineData("[{\"name\": }]", "k8s.v1.cni.cncf.io/networks")]
    [InlineData("Bridge_Net", "is not a DNS-1123 label")]
    [InlineData("a/b/c", "k8s.v1.cni.cncf.io/networks")]
    public async Task Add_MalformedAnnotation_FailsNamingThePodAndTheAnnotation(string networks, string named)
    {
        var (_, netns, add) = await AddAsync("bad", networks);

        Assert.Equal(103u, Code(add));
        Assert.StartsWith("pod default/bad: ", Msg(add), StringComparison.Ordinal);
        Assert.Contains(named, Msg(add), StringComparison.Ordinal);
        Assert.Equal([], (await AddressesAsync(netns)).Keys);
    }

    [Fact]
    public async Task Add_NadWithoutType_FailsNamingPodAndNad()
    {
        await kube.CreateNadAsync("default", "typeless", new JsonObject { ["cniVersion"] = "1.0.0", ["master"] = Node.Master });

        var (_, _, add) = await AddAsync("typeless", "typeless");

        Assert.Equal(104u, Code(add));
        Assert.StartsWith("pod default/typeless: network-attachment-definition default/typeless: ", Msg(add), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_DefaultNetworkOverride_ReplacesTheClusterNetworkForThisPod()
    {
        await kube.CreateNadAsync("kube-system", "alt-cluster", new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["type"] = "bridge",
            ["bridge"] = $"{Node.Prefix}b3",
            ["ipam"] = Node.HostLocal("10.99.0.0/24"),
        });

        var (pod, netns, add) = await AddAsync("override", "bridge-net", more: new Dictionary<string, string> { ["v1.multus-cni.io/default-network"] = "alt-cluster" });

        add.EnsureSuccess("ADD");
        Assert.Equal(["10.99.0.2/24"], (await AddressesAsync(netns))["eth0"]);
        var status = await NetworkStatusAsync(pod);
        Assert.Equal("kube-system/alt-cluster", status[0]!["name"]!.GetValue<string>());
        Assert.True(status[0]!["default"]!.GetValue<bool>());
        Assert.Equal("default/bridge-net", status[1]!["name"]!.GetValue<string>());
    }
}
