using k8s;
using Multi.Sandbox.Host;
using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

/// <summary>
/// The README's main job, end to end: <c>up</c> (node, uplink, API server process, crds/ and config/samples/ applied,
/// CNI ADD through the published multi in Kubernetes mode), the network-status and events in the API, the probes over
/// secondary networks, <c>status</c>, then <c>down</c> with nothing left behind. Each test has its own prefix, state
/// directory and uplink subnet, so it cannot clash with a user's sandbox or with other tests.
/// </summary>
public sealed partial class SandboxRunnerTests
{
    private const string RootReason = "requires root: the sandbox creates network namespaces and a host uplink";

    [Fact]
    public async Task UpStatusDown_RunsEndToEndAndLeavesNothingBehind()
    {
        SkipUnlessReady();
        var topology = NewTopology("mst");
        var steps = new List<string>();
        var runner = new SandboxRunner(topology, steps.Add);
        try
        {
            var up = await runner.UpAsync(TestContext.Current.CancellationToken);

            Assert.Equal(
                [
                    "default/pod-a: cluster|eth0|10.244.0.2|default, default/sandbox-bridge|net1|10.77.0.2|, default/sandbox-ipam|net2|(sandbox-pool)|",
                    "default/pod-b: cluster|eth0|10.244.0.3|default, default/sandbox-bridge|net1|10.77.0.3|, default/sandbox-macvlan|data0|10.88.0.12|",
                    "sandbox-b/pod-c: cluster|eth0|10.244.0.4|default, default/sandbox-macvlan|data0|10.88.0.13|, default/sandbox-ipam|net2|(sandbox-pool)|",
                    "default/overlay-a: cluster|eth0|10.244.0.5|default, default/sandbox-vxlan|net1|(sandbox-overlay-pool)|",
                    "default/overlay-b: cluster|eth0|10.244.1.2|default, default/sandbox-vxlan|net1|(sandbox-overlay-pool)|",
                    "default/pod-vf: cluster|eth0|10.244.0.6|default, default/vf-net|net1||",
                ],
                up.Pods.Select(Describe));
            Assert.All(up.Pods, p => Assert.Null(p.Problem));

            // The node daemon runs in the node namespace and attached every pod: each multi ADD went through its socket
            // (no shim said "running in-process"), and multi-ipam's ADDs under the bridge delegate came back through it too.
            Assert.Empty(up.InProcess);
            Assert.True(up.Daemon.Alive);
            Assert.True(File.Exists(topology.DaemonSocket), topology.DaemonSocket);
            var daemonPid = await PidAsync(topology.DaemonPidFile);
            var daemon2Pid = await PidAsync(topology.Nodes[1].DaemonPidFile);
            var nodeNet = (await NetworkNamespace.Existing(topology.NodeNamespace).ExecAsync("readlink", "/proc/self/ns/net")).Stdout.Trim();
            Assert.Equal(nodeNet, (await HostCommand.RunAsync("readlink", $"/proc/{daemonPid}/ns/net")).Stdout.Trim());
            Assert.Equal(6, up.Daemon.RequestsOf("multi", "ADD", "ok"));
            Assert.Equal(4, up.Daemon.RequestsOf("multi-ipam", "ADD", "ok"));
            Assert.All(up.Daemon.Requests!, r => Assert.Equal("ok", r.Result));
            Assert.Equal(topology.DaemonSocket, (string?)topology.MultiConfig()["daemonSocket"]);
            Assert.Equal(
                ["default/overlay-a: node", "default/overlay-b: node2", "default/pod-a: node", "default/pod-b: node", "default/pod-vf: node", "sandbox-b/pod-c: node"],
                (await PodNodesAsync(topology)).Select(n => n.Replace(topology.Prefix + "-", "", StringComparison.Ordinal)));

            // The operator rendered every sample ClusterNetwork into default and sandbox-b before the pods were attached.
            Assert.Equal(ExpectedNetworks(topology), up.ClusterNetworks.Select(DescribeNetwork));
            Assert.Equal([.. ExpectedConfigs(topology), OverlayConfig(topology)], await RenderedNadsAsync(topology, "default"));
            Assert.Equal(ExpectedConfigs(topology), await RenderedNadsAsync(topology, "sandbox-b"));

            Assert.All(up.Pods.SelectMany(p => p.Networks), n => Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", n.Mac));

            // Node setup ran `multi-ipam init-journal` before the first ADD: the journal is complete from the start.
            Assert.Equal("""{"since":"start"}""", await File.ReadAllTextAsync(Path.Combine(topology.IpamJournalDir, "journal"), TestContext.Current.CancellationToken));

            // multi-ipam picks random free addresses of sandbox-pool: inside 10.99.0.0/24, not the network, broadcast,
            // gateway (.1) or excluded (.2-.9) addresses, and distinct.
            var podA = PoolAddress(up, "default/pod-a");
            var podC = PoolAddress(up, "sandbox-b/pod-c");
            Assert.All(new[] { podA, podC }, a => Assert.Matches(@"^10\.99\.0\.\d+$", a));
            Assert.All(new[] { podA, podC }, a => Assert.InRange(int.Parse(a.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture), 10, 254));
            Assert.NotEqual(podA, podC);

            // ---- Two nodes. NEEDS THE NODE AGENT'S HOST-INTERFACE RECONCILE (--Operator:HostInterfaces:Enabled=true): the
            // agent in each node namespace creates the VXLAN link sandbox-vxlan declares (vni 4242 on the underlay
            // <prefix>-ul0, group 239.1.1.42), named as the operator renders it; `up` waits for it before each overlay
            // pod's ADD and fails naming it otherwise. Without the agent every `up` (and so every test here) fails there.
            var overlayA = OverlayAddress(up, "default/overlay-a");
            var overlayB = OverlayAddress(up, "default/overlay-b");
            Assert.All(new[] { overlayA, overlayB }, a => Assert.Matches(@"^10\.66\.0\.\d+$", a));
            Assert.NotEqual(overlayA, overlayB);
            await AssertOverlayAsync(topology, up);
            Assert.Equal(
                [
                    "default/pod-a → default/pod-b over default/sandbox-bridge (10.77.0.3): True",
                    $"default/pod-a → sandbox-b/pod-c over default/sandbox-ipam ({podC}): True",
                    "default/pod-b → sandbox-b/pod-c over default/sandbox-macvlan (10.88.0.13): True",
                    $"default/overlay-a → default/overlay-b over default/sandbox-vxlan ({overlayB}): True",
                ],
                up.Probes.Select(p => $"{p.From} → {p.To} over {p.Network} ({p.Address}): {p.Reached}"));
            Assert.True(up.Connected);

            // Capacity 256 - network - broadcast - gateway - 8 excluded; one claim per pod on sandbox-ipam, named by address.
            // sandbox-overlay-pool: 256 - network - broadcast - gateway; one claim per overlay pod.
            Assert.Equal(["sandbox-overlay-pool|10.66.0.0/24|253|2|251|", "sandbox-pool|10.99.0.0/24|245|2|243|"], up.Pools.Select(DescribePool));
            Assert.Equal(
                new[] { $"sandbox-pool.{podA} (pool sandbox-pool)", $"sandbox-pool.{podC} (pool sandbox-pool)" }.Order(StringComparer.Ordinal),
                (await AllocationsAsync(topology)).Where(a => a.StartsWith("sandbox-pool.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            Assert.Equal(
                ["Add data0 [10.88.0.12/24] from default/sandbox-macvlan", "Add eth0 [10.244.0.3/24] from cluster", "Add net1 [10.77.0.3/24] from default/sandbox-bridge"],
                await AddedInterfaceEventsAsync(topology, "default", "pod-b"));
            Assert.Equal(
                ["Add data0 [10.88.0.13/24] from default/sandbox-macvlan", "Add eth0 [10.244.0.4/24] from cluster", $"Add net2 [{podC}/24] from default/sandbox-ipam"],
                await AddedInterfaceEventsAsync(topology, "sandbox-b", "pod-c"));

            // The reclaim demonstration: default/leaky got an address of sandbox-pool through multi's ADD, died without
            // CNI DEL (netns removed, pod object deleted), and the operator released its claim within grace + 20 s: the
            // claim is gone (only pod-a's and pod-c's are listed above), allocated went 2 → 3 → 2, and nothing of it is left.
            var reclaim = up.Reclaim;
            Assert.True(reclaim.Reclaimed, reclaim.Problem);
            Assert.Equal(("default/leaky", "default/sandbox-ipam", "sandbox-pool"), (reclaim.Pod, reclaim.Network, reclaim.Pool));
            Assert.Matches(@"^10\.99\.0\.\d+$", reclaim.Address);
            Assert.DoesNotContain(reclaim.Address, new[] { podA, podC });
            Assert.Equal($"sandbox-pool.{reclaim.Address}", reclaim.Claim);
            Assert.Equal((2, 3, 2), (reclaim.AllocatedBefore, reclaim.AllocatedDuring, reclaim.AllocatedAfter));
            Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25)), (reclaim.Grace, reclaim.Bound));
            Assert.NotNull(reclaim.ReleasedAfter);
            Assert.InRange(reclaim.ReleasedAfter.Value, TimeSpan.Zero, reclaim.Bound);
            Assert.StartsWith($"released {reclaim.Address} ({reclaim.Claim}): owner pod default/leaky (UID ", reclaim.Event, StringComparison.Ordinal);
            Assert.DoesNotContain($"{topology.PodNamespace("leaky")} ", (await HostCommand.RunAsync("ip", "netns", "list")).Stdout + " ", StringComparison.Ordinal);
            Assert.DoesNotContain("leaky", await File.ReadAllTextAsync(topology.StateFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
            Assert.Equal([reclaim.Event!], await ReclaimEventsAsync(topology, "sandbox-pool"));

            await AssertVfAttachedAsync(topology, up);

            var status = await runner.StatusAsync(TestContext.Current.CancellationToken);

            Assert.True(status.Up);
            Assert.Equal(up.Devices, status.Devices);
            Assert.True(status.KubeletAlive);
            Assert.True(status.ApiServerAlive);
            Assert.True(status.Operator.Alive);
            Assert.True(status.Daemon.Alive);
            Assert.StartsWith("200", status.Daemon.Healthz, StringComparison.Ordinal);
            Assert.StartsWith("200", status.Daemon.Readyz, StringComparison.Ordinal);

            // up's ADDs (three sample pods and default/leaky) and leaky's late DEL, all answered ok by the daemon.
            Assert.True(status.Daemon.RequestsOf("multi", "ADD", "ok") >= 4, string.Join(", ", status.Daemon.Requests!));
            Assert.True(status.Daemon.RequestsOf("multi", "DEL", "ok") >= 1, string.Join(", ", status.Daemon.Requests!));
            Assert.Equal(0, status.Daemon.Inflight);
            Assert.NotNull(status.Daemon.CacheMisses);
            Assert.True(status.Daemon.ApiRequests > 0);
            Assert.Equal("200 ok", status.Operator.Healthz);
            Assert.Equal(1, status.Operator.Reclaimed);
            Assert.True(status.Operator.Reconciles.GetValueOrDefault("clusternetwork") >= 3, string.Join(", ", status.Operator.Reconciles));
            Assert.Equal(ExpectedNetworks(topology), status.ClusterNetworks.Select(DescribeNetwork));
            Assert.Equal([topology.Nodes[0].Name, topology.Nodes[1].Name], status.Nodes.Select(n => n.Name));
            Assert.All(status.Nodes, n => Assert.True(n.Daemon.Alive && n.Daemon.Readyz!.StartsWith("200", StringComparison.Ordinal), $"{n.Name}: {n.Daemon.Readyz}"));
            Assert.All(status.Nodes, n => Assert.Contains(n.Links, l => l.Name == OverlayLink(topology) && l.Kind == "vxlan"));

            // kubectl reads the ClusterNetworks through the sandbox's kubeconfig (with or without printer columns).
            var kubectl = await HostCommand.RunAsync(
                "kubectl", ["get", "clusternetworks"], environment: new Dictionary<string, string?> { ["KUBECONFIG"] = topology.Kubeconfig }, timeout: TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(kubectl.Succeeded, kubectl.Stdout + kubectl.Stderr);
            Assert.All(new[] { "sandbox-bridge", "sandbox-ipam", "sandbox-macvlan" }, n => Assert.Contains(n, kubectl.Stdout, StringComparison.Ordinal));
            Assert.Equal(up.Pods.Select(Describe), status.Pods.Select(Describe));
            Assert.Equal(up.Pools.Select(DescribePool), status.Pools.Select(DescribePool));

            var apiPid = await PidAsync(topology.ApiPidFile);
            var operatorPid = await PidAsync(topology.OperatorPidFile);
            var kubeletPid = await PidAsync(topology.KubeletPidFile);
            var down = await runner.DownAsync(TestContext.Current.CancellationToken);
            var daemonAfter = await runner.StatusAsync(TestContext.Current.CancellationToken);
            Assert.False(daemonAfter.KubeletAlive);

            Assert.True(down.Leftovers.Count == 0, string.Join("\n", down.Leftovers));
            Assert.Empty(down.Notes);
            Assert.Equal(0, down.AllocationsLeft);
            Assert.Equal(AllPods, down.Deleted);
            await AssertNothingLeftAsync(topology, apiPid, operatorPid, daemonPid, daemon2Pid);
            Assert.False(daemonAfter.Daemon.Alive);
            Assert.All(daemonAfter.Nodes, n => Assert.False(n.Daemon.Alive, n.Name));
            Assert.False(File.Exists(topology.DaemonSocket), "the daemon's socket is still there");
            Assert.False(Directory.Exists($"/proc/{kubeletPid}") && !File.ReadAllText($"/proc/{kubeletPid}/stat").Contains(") Z", StringComparison.Ordinal), "the kubelet process still runs");
            Assert.False(File.Exists(topology.PodResourcesSocket), "the kubelet's socket is still there");
            Assert.Contains(steps, s => s.StartsWith("kubelet process (PodResources API v1", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.Contains($"CNI ADD through multi (the node daemon of {topology.Nodes[1].Name})", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.Contains($"CNI DEL through multi (the node daemon of {topology.Nodes[1].Name})", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.Contains($"waiting (bound 30 s) for the node agent's link {OverlayLink(topology)} (ClusterNetwork sandbox-vxlan) in {topology.Nodes[1].Namespace}", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.StartsWith("node daemon process", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.StartsWith("waiting for the operator", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.Contains("reclaim grace 5 s", StringComparison.Ordinal));
        }
        finally
        {
            await CleanUpAsync(topology);
        }
    }

    [Fact]
    public async Task Down_AfterTheApiServerAndTheOperatorDied_RestartsTheServerFromItsStoreAndReleasesEveryAllocation()
    {
        SkipUnlessReady();
        var topology = NewTopology("msk");
        var runner = new SandboxRunner(topology, _ => { });
        try
        {
            Assert.True((await runner.UpAsync(TestContext.Current.CancellationToken)).Connected);
            var apiPid = await PidAsync(topology.ApiPidFile);
            var operatorPid = await PidAsync(topology.OperatorPidFile);
            var daemonPid = await PidAsync(topology.DaemonPidFile);
            var daemon2Pid = await PidAsync(topology.Nodes[1].DaemonPidFile);
            await KillAsync(daemon2Pid);
            await KillAsync(daemonPid);
            await KillAsync(operatorPid);
            await KillAsync(apiPid);

            var status = await runner.StatusAsync(TestContext.Current.CancellationToken);
            var down = await runner.DownAsync(TestContext.Current.CancellationToken);

            Assert.False(status.ApiServerAlive);
            Assert.False(status.Operator.Alive);
            Assert.False(status.Daemon.Alive);
            Assert.Empty(status.Pools);
            Assert.Empty(status.ClusterNetworks);
            Assert.True(down.Leftovers.Count == 0, string.Join("\n", down.Leftovers.Concat(down.Notes)));
            Assert.Equal(0, down.AllocationsLeft);
            Assert.Equal(AllPods, down.Deleted);
            Assert.Contains(down.Notes, n => n.Contains("restarted from its store", StringComparison.Ordinal));

            // The killed daemon left its socket: the shims ran DEL in-process (a daemon is never needed), and down removed it.
            Assert.All(topology.Nodes, node => Assert.Contains(down.Notes, n => n.Contains($"socket {node.DaemonSocket} was left", StringComparison.Ordinal)));
            await AssertNothingLeftAsync(topology, apiPid, operatorPid, daemonPid, daemon2Pid);
        }
        finally
        {
            await CleanUpAsync(topology);
        }
    }

    [Fact]
    public async Task Down_WithAnAllocationNoDelReleases_ReportsItAndKeepsTheState()
    {
        SkipUnlessReady();
        var topology = NewTopology("msa");
        var runner = new SandboxRunner(topology, _ => { });
        try
        {
            Assert.True((await runner.UpAsync(TestContext.Current.CancellationToken)).Connected);
            using (var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig)))
            {
                // A claim of an attachment the sandbox does not know: no DEL releases it. Its owner is a live pod the
                // sandbox did not attach (down leaves it), so the operator's reclaim (grace 5 s) keeps the claim too.
                var owner = await client.CoreV1.CreateNamespacedPodAsync(
                    new k8s.Models.V1Pod
                    {
                        Metadata = new k8s.Models.V1ObjectMeta { Name = "elsewhere", NamespaceProperty = "default" },
                        Spec = new k8s.Models.V1PodSpec { Containers = [new k8s.Models.V1Container { Name = "app", Image = "busybox" }] },
                    },
                    "default",
                    cancellationToken: TestContext.Current.CancellationToken);
                var stray = new System.Text.Json.Nodes.JsonObject
                {
                    ["apiVersion"] = "multi.dev/v1alpha1",
                    ["kind"] = "IPAllocation",
                    ["metadata"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["name"] = "sandbox-pool.10.99.0.250",
                        ["labels"] = new System.Text.Json.Nodes.JsonObject { ["multi.dev/pool"] = "sandbox-pool" },
                    },
                    ["spec"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["pool"] = "sandbox-pool",
                        ["address"] = "10.99.0.250",
                        ["owner"] = new System.Text.Json.Nodes.JsonObject
                        {
                            ["podNamespace"] = "default", ["podName"] = "elsewhere", ["podUid"] = owner.Metadata.Uid,
                            ["containerId"] = "0123456789abcdef", ["interface"] = "net1", ["node"] = "elsewhere",
                        },
                    },
                };
                await client.CustomObjects.CreateClusterCustomObjectAsync(stray, "multi.dev", "v1alpha1", "ipallocations", cancellationToken: TestContext.Current.CancellationToken);
            }

            Assert.Equal(["sandbox-overlay-pool|10.66.0.0/24|253|2|251|", "sandbox-pool|10.99.0.0/24|245|3|242|"], (await runner.StatusAsync(TestContext.Current.CancellationToken)).Pools.Select(DescribePool));

            var down = await runner.DownAsync(TestContext.Current.CancellationToken);

            Assert.Equal(["IPAllocation sandbox-pool.10.99.0.250 (pool sandbox-pool) still exists after DEL"], down.Leftovers);
            Assert.Equal(1, down.AllocationsLeft);
            Assert.True(Directory.Exists(topology.StateDir), "the state directory is kept for inspection");
        }
        finally
        {
            await CleanUpAsync(topology);
        }
    }

    [Fact]
    public async Task Up_WhenAlreadyUp_RefusesAndNamesTheStateFile()
    {
        SkipUnlessReady();
        var topology = NewTopology("msu");
        Directory.CreateDirectory(topology.StateDir);
        File.WriteAllText(topology.StateFile, "[]");
        try
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new SandboxRunner(topology, _ => { }).UpAsync(TestContext.Current.CancellationToken));

            Assert.Contains(topology.StateFile, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(topology.StateDir, recursive: true);
        }
    }

    /// <summary>
    /// The VF pod (config/samples/40-vf.yaml): the sandbox's kubelet allocated it the first VF and answered multi's Get;
    /// multi injected it (the sandbox-vf plugin moved exactly that link into the pod as net1: its fixed MAC), copied the
    /// device plugin's device-info file for the attachment and published its content in network-status.
    /// </summary>
    private static async Task AssertVfAttachedAsync(SandboxTopology topology, UpReport up)
    {
        var vf = Assert.Single(up.Devices);
        Assert.Equal(("default/pod-vf", "default/vf-net", "net1", topology.Vf(0), SandboxTopology.VfMac(0), (string?)null), (vf.Pod, vf.Network, vf.Interface, vf.DeviceId, vf.Mac, vf.Problem));
        var dpFile = Path.Combine(topology.DeviceInfoDir, "dp", $"example.com-vf-{topology.Vf(0)}-device.json");
        var dp = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(dpFile, TestContext.Current.CancellationToken));
        Assert.Equal("0000:00:1f.0", (string?)dp!["pci"]!["pci-address"]);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(dp, System.Text.Json.Nodes.JsonNode.Parse(vf.DeviceInfo)), vf.DeviceInfo);
        var pod = Assert.Single(JsonPods(topology), p => p.Name == "pod-vf");
        var cniFile = Path.Combine(topology.DeviceInfoDir, "cni", $"default-vf-net-{pod.ContainerId}_net1");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(dp, System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(cniFile, TestContext.Current.CancellationToken))), cniFile);

        var inPod = await HostCommand.RunAsync("ip", "-n", topology.PodNamespace("pod-vf"), "-o", "link", "show", "net1");
        Assert.True(inPod.Succeeded, inPod.Stderr);
        Assert.Contains($"link/ether {SandboxTopology.VfMac(0)}", inPod.Stdout, StringComparison.Ordinal);
        Assert.False((await NetworkNamespace.Existing(topology.NodeNamespace).ExecAsync("ip", "link", "show", topology.Vf(0))).Succeeded, "the VF is still in the node");
        Assert.True((await NetworkNamespace.Existing(topology.NodeNamespace).ExecAsync("ip", "link", "show", topology.Vf(1))).Succeeded, "an unallocated VF left the node");
        Assert.Contains($"Get default/pod-vf: app: example.com/vf {topology.Vf(0)}", await File.ReadAllTextAsync(topology.KubeletLogFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(topology.PodResourcesSocket, (string?)topology.MultiConfig()["podResourcesSocket"]);
    }

    private static List<SandboxPod> JsonPods(SandboxTopology topology) =>
        System.Text.Json.JsonSerializer.Deserialize<List<SandboxPod>>(File.ReadAllText(topology.StateFile))!;

    private static void SkipUnlessReady()
    {
        Assert.SkipUnless(HostCommand.IsRoot, RootReason);
        Assert.SkipUnless(RepoLayout.DebianPluginsInstalled, $"requires the Debian CNI plugins in {RepoLayout.DebianPluginDir} (apt-get install containernetworking-plugins)");
        Assert.SkipUnless(File.Exists(RepoLayout.MultiBinary), $"requires {RepoLayout.MultiBinary}: dotnet publish src/MetaPlugin -c Release -r linux-x64 -o artifacts/cni");
        Assert.SkipUnless(File.Exists(RepoLayout.IpamBinary), $"requires {RepoLayout.IpamBinary}: cp artifacts/cni/multi artifacts/cni/multi-ipam");
    }

    /// <summary>A prefix, state directory and uplink subnet of this test only (the user's sandbox uses msbx, /run/multi-sandbox, 77).</summary>
    private static SandboxTopology NewTopology(string prefix) => new(
        prefix + Guid.NewGuid().ToString("N")[..4],
        Path.Combine(Path.GetTempPath(), "multi-sandbox-test-" + Guid.NewGuid().ToString("N")[..8]),
        150 + Random.Shared.Next(40));

    /// <summary>The pod's interfaces; multi-ipam's random address shows as its pool (checked by <see cref="PoolAddress"/>).</summary>
    private static string Describe(PodNetworks pod) =>
        $"{pod.Pod.Display}: {string.Join(", ", pod.Networks.Select(n => $"{n.Network}|{n.Interface}|{n.Network switch { "default/sandbox-ipam" => "(sandbox-pool)", "default/sandbox-vxlan" => "(sandbox-overlay-pool)", _ => string.Join(',', n.Ips) }}|{(n.Default ? "default" : "")}"))}";

    /// <summary>What the operator reports for the three sample networks (the links localised to the test's prefix).</summary>
    private static string[] ExpectedNetworks(SandboxTopology topology) =>
    [
        $"sandbox-bridge|bridge|{topology.Prefix}-br1|2|True|Rendered|offered in 2 namespaces through 2 NADs on {topology.Prefix}-br1",
        $"sandbox-ipam|bridge|{topology.Prefix}-br2|2|True|Rendered|offered in 2 namespaces through 2 NADs on {topology.Prefix}-br2",
        $"sandbox-macvlan|macvlan|{topology.Prefix}-ext0|2|True|Rendered|offered in 2 namespaces through 2 NADs on {topology.Prefix}-ext0",
        $"sandbox-vxlan|macvlan|{OverlayLink(topology)}|1|True|Rendered|offered in 1 namespace through 1 NAD on {OverlayLink(topology)}",
    ];

    private static string DescribeNetwork(ClusterNetworkState n) => $"{n.Name}|{n.Type}|{n.Interface}|{n.NadText}|{n.Ready}|{n.Reason}|{n.Message}";

    /// <summary>The CNI configs the hand-written NADs had before the samples became ClusterNetworks, keys in the renderer's order.</summary>
    private static string[] ExpectedConfigs(SandboxTopology topology) =>
    [
        $$$"""sandbox-bridge: {"cniVersion":"1.0.0","name":"sandbox-bridge","type":"bridge","bridge":"{{{topology.Prefix}}}-br1","ipam":{"type":"host-local","subnet":"10.77.0.0/24","dataDir":"{{{topology.IpamDir}}}"}}""",
        $$$"""sandbox-ipam: {"cniVersion":"1.0.0","name":"sandbox-ipam","type":"bridge","bridge":"{{{topology.Prefix}}}-br2","ipam":{"type":"multi-ipam","pool":"sandbox-pool","kubeconfig":"{{{topology.Kubeconfig}}}","journalDir":"{{{topology.IpamJournalDir}}}","daemonSocket":"{{{topology.DaemonSocket}}}"}}""",
        $$$"""sandbox-macvlan: {"cniVersion":"1.0.0","name":"sandbox-macvlan","type":"macvlan","master":"{{{topology.Prefix}}}-ext0","mode":"bridge","capabilities":{"ips":true},"ipam":{"type":"static"}}""",
    ];

    /// <summary>The NADs of a namespace labelled as rendered by a ClusterNetwork of their name, as <c>name: config</c>.</summary>
    private static async Task<IReadOnlyList<string>> RenderedNadsAsync(SandboxTopology topology, string ns)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig));
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync(
            "k8s.cni.cncf.io", "v1", ns, "network-attachment-definitions", labelSelector: "multi.dev/cluster-network", cancellationToken: TestContext.Current.CancellationToken);
        var items = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray();
        return items
            .Where(i => (string?)i!["metadata"]!["labels"]!["multi.dev/cluster-network"] == (string?)i["metadata"]!["name"])
            .Select(i => $"{i!["metadata"]!["name"]}: {i["spec"]!["config"]}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<int> PidAsync(string pidFile) =>
        int.Parse((await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SIGKILL, then wait until the process is gone or a zombie.</summary>
    private static async Task KillAsync(int pid)
    {
        (await HostCommand.RunAsync("kill", "-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).EnsureSuccess();
        await HostCommand.RunAsync("sh", "-c", $"while [ -d /proc/{pid} ] && ! grep -q ') Z' /proc/{pid}/stat; do sleep 0.05; done");
    }

    private static string DescribePool(PoolUsage pool) => $"{pool.Name}|{pool.Cidr}|{pool.Capacity}|{pool.Allocated}|{pool.Free}|{pool.Problem}";

    /// <summary>The pod's single address on the multi-ipam network, from its network-status.</summary>
    private static string PoolAddress(UpReport up, string pod) =>
        Assert.Single(Assert.Single(up.Pods, p => p.Pod.Display == pod).Networks.Single(n => n.Network == "default/sandbox-ipam").Ips);

    private static async Task<IReadOnlyList<string>> AllocationsAsync(SandboxTopology topology)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig));
        return await PoolUsage.ListAllocationsAsync(client, TestContext.Current.CancellationToken);
    }

    /// <summary>Every pod's <c>spec.nodeName</c> (the sandbox binds the sample pods to its node, as a scheduler would).</summary>
    private static async Task<IReadOnlyList<string>> PodNodesAsync(SandboxTopology topology)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig));
        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: TestContext.Current.CancellationToken);
        return pods.Items.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}: {p.Spec.NodeName}").Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<IReadOnlyList<string>> AddedInterfaceEventsAsync(SandboxTopology topology, string ns, string pod)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig));
        var events = await client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: TestContext.Current.CancellationToken);
        return events.Items.Where(e => e.InvolvedObject.Name == pod && e.Reason == "AddedInterface").Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The messages of the operator's AddressReclaimed events on a pool (cluster-scoped: in default).</summary>
    private static async Task<IReadOnlyList<string>> ReclaimEventsAsync(SandboxTopology topology, string pool)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig));
        var events = await client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: TestContext.Current.CancellationToken);
        return events.Items.Where(e => e.InvolvedObject.Name == pool && e.Reason == "AddressReclaimed").Select(e => e.Message).ToList();
    }

    private static async Task AssertNothingLeftAsync(SandboxTopology topology, int apiPid, int operatorPid, int daemonPid, int daemon2Pid)
    {
        Assert.False(Directory.Exists($"/proc/{daemon2Pid}") && !File.ReadAllText($"/proc/{daemon2Pid}/stat").Contains(") Z", StringComparison.Ordinal), "the second node's daemon process still runs");
        foreach (var node in topology.Nodes)
        {
            Assert.False((await HostCommand.RunAsync("ip", "link", "show", node.UplinkHost)).Succeeded, $"{node.UplinkHost} is still on the host");
        }

        Assert.False(Directory.Exists($"/proc/{operatorPid}") && !File.ReadAllText($"/proc/{operatorPid}/stat").Contains(") Z", StringComparison.Ordinal), "the operator process still runs");
        Assert.False(Directory.Exists($"/proc/{daemonPid}") && !File.ReadAllText($"/proc/{daemonPid}/stat").Contains(") Z", StringComparison.Ordinal), "the node daemon process still runs");
        Assert.DoesNotContain(
            Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists).Select(SafeRead),
            c => c.Contains("Multi.Operator.dll", StringComparison.Ordinal) && c.Contains(topology.Kubeconfig, StringComparison.Ordinal));
        var namespaces = (await HostCommand.RunAsync("ip", "netns", "list")).Stdout;
        Assert.DoesNotContain(topology.Prefix + "-", namespaces, StringComparison.Ordinal);
        Assert.False((await HostCommand.RunAsync("ip", "link", "show", topology.UplinkHost)).Succeeded, $"{topology.UplinkHost} is still on the host");
        Assert.False(Directory.Exists($"/proc/{apiPid}") && !File.ReadAllText($"/proc/{apiPid}/stat").Contains(") Z", StringComparison.Ordinal), "the API server process still runs");
        Assert.False(Directory.Exists(topology.StateDir), "the state directory (cache, leases, API store) is still there");
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>After a failure: down if possible, then remove whatever is still there.</summary>
    private static async Task CleanUpAsync(SandboxTopology topology)
    {
        if (File.Exists(topology.StateFile))
        {
            try
            {
                await new SandboxRunner(topology, _ => { }).DownAsync();
            }
            catch (InvalidOperationException)
            {
                // Best effort: the removals below still run.
            }
        }

        foreach (var pid in Directory.EnumerateDirectories("/proc").Where(d => SafeRead(Path.Combine(d, "cmdline")).Contains(topology.Kubeconfig, StringComparison.Ordinal)))
        {
            await HostCommand.RunAsync("kill", "-KILL", Path.GetFileName(pid));
        }

        foreach (var name in new[] { "pod-a", "pod-b", "pod-c", "pod-vf", "leaky", "overlay-a", "overlay-b" }.Select(topology.PodNamespace).Concat(topology.Nodes.Select(n => n.Namespace)))
        {
            await NetworkNamespace.Existing(name).DisposeAsync();
        }

        foreach (var node in topology.Nodes)
        {
            await HostCommand.RunAsync("ip", "link", "del", node.UplinkHost);
        }
        if (Directory.Exists(topology.StateDir))
        {
            Directory.Delete(topology.StateDir, recursive: true);
        }
    }
}
