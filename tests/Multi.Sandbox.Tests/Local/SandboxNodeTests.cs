using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

/// <summary>
/// The two nodes' names, uplinks, addresses and files: node 0 keeps the one-node sandbox's, node 1's never collide with
/// them (the nodes share the host's file system and the host's namespace holds both uplinks' host ends).
/// </summary>
public sealed class SandboxNodeTests
{
    private static readonly SandboxTopology Topology = new("msbx", "/run/multi-sandbox", 77);

    [Theory]
    [InlineData(0, "msbx-node", "/run/multi-sandbox", "msbx-api0", "msbx-api1", "169.254.77.1", "169.254.77.2", "192.168.77.1/24", "10.244.0.0/24")]
    [InlineData(1, "msbx-node2", "/run/multi-sandbox/msbx-node2", "msbx-api2", "msbx-api3", "169.254.77.5", "169.254.77.6", "192.168.77.2/24", "10.244.1.0/24")]
    public void Node_ByIndex_HasItsOwnNamesAddressesAndFiles(
        int index, string name, string dir, string uplinkHost, string uplinkNode, string hostAddress, string nodeAddress, string underlay, string podCidr)
    {
        var node = Topology.Nodes[index];

        Assert.Equal((name, name, dir), (node.Name, node.Namespace, node.Dir));
        Assert.Equal((uplinkHost, uplinkNode), (node.UplinkHost, node.UplinkNode));
        Assert.Equal((hostAddress, nodeAddress), (node.UplinkHostAddress.ToString(), node.NodeAddress.ToString()));
        Assert.Equal((underlay, podCidr), (node.UnderlayAddress, node.PodCidr));
        Assert.Equal(
            [$"{dir}/run/multi.sock", $"{dir}/daemon.pid", $"{dir}/daemon.log", $"{dir}/daemon.port", $"{dir}/cache", $"{dir}/ipam", $"{dir}/ipam-journal", $"{dir}/net.d", $"{dir}/00-multi.conf"],
            new[] { node.DaemonSocket, node.DaemonPidFile, node.DaemonLogFile, node.DaemonPortFile, node.CacheDir, node.IpamDir, node.IpamJournalDir, node.ConfDir, node.ConfigFile });
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["multi.dev/sandbox-node"] = "true" }, node.Labels);
    }

    [Fact]
    public void Topology_WithoutANode_IsNodeZeros()
    {
        var first = Topology.Nodes[0];

        Assert.Equal(
            (first.Name, first.DaemonSocket, first.DaemonPidFile, first.CacheDir, first.IpamJournalDir, first.ConfigFile, first.UplinkHost, first.NodeAddress),
            (Topology.NodeName, Topology.DaemonSocket, Topology.DaemonPidFile, Topology.CacheDir, Topology.IpamJournalDir, Topology.ConfigFile, Topology.UplinkHost, Topology.NodeAddress));
        Assert.Equal(Topology.ApiAddress, first.UplinkHostAddress);
        Assert.Equal(("msbx-ul0", "/run/multi-sandbox/node"), (Topology.Underlay, Topology.NodeView));
    }

    [Fact]
    public void MultiConfig_OfEachNode_NamesItsOwnSocketCachePodCidrAndLeases()
    {
        var configs = Topology.Nodes.Select(n => n.MultiConfig()).ToList();

        Assert.Equal(
            ["/run/multi-sandbox/run/multi.sock", "/run/multi-sandbox/msbx-node2/run/multi.sock"],
            configs.Select(c => (string?)c["daemonSocket"]));
        Assert.Equal(["/run/multi-sandbox/cache", "/run/multi-sandbox/msbx-node2/cache"], configs.Select(c => (string?)c["cniDir"]));
        Assert.Equal(
            ["10.244.0.0/24 in /run/multi-sandbox/ipam", "10.244.1.0/24 in /run/multi-sandbox/msbx-node2/ipam"],
            configs.Select(c => c["delegates"]![0]!["plugins"]![0]!["ipam"]!).Select(i => $"{i["subnet"]} in {i["dataDir"]}"));
        Assert.All(configs, c => Assert.Equal(Topology.Kubeconfig, (string?)c["kubeconfig"]));
    }

    [Fact]
    public void Localize_TheOverlaySample_NamesTheTopologysUnderlayAndNodeView()
    {
        var topology = new SandboxTopology("mst1234", "/tmp/multi-sandbox-test-1", 150);
        var sample = File.ReadAllText(Path.Combine(Multi.Sandbox.Host.RepoLayout.Root, "config", "samples", "30-overlay.yaml"));

        var localized = topology.Localize(sample);

        Assert.Contains($"parent: {topology.Underlay}", localized, StringComparison.Ordinal);
        Assert.Contains($"journalDir: {topology.NodeView}/ipam-journal", localized, StringComparison.Ordinal);
        Assert.Contains($"daemonSocket: {topology.NodeView}/run/multi.sock", localized, StringComparison.Ordinal);
        Assert.Contains($"nodeName: {topology.Nodes[0].Name}\n", localized, StringComparison.Ordinal);
        Assert.Contains($"nodeName: {topology.Nodes[1].Name}\n", localized, StringComparison.Ordinal);
        Assert.Contains($"{SandboxTopology.NodeLabel}: \"true\"", localized, StringComparison.Ordinal);
    }
}
