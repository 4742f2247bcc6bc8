using k8s;
using Multi.Sandbox.Host;
using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

/// <summary>
/// The two-node part of the end-to-end tests: the overlay sample (config/samples/30-overlay.yaml). It NEEDS THE NODE
/// AGENT'S HOST-INTERFACE RECONCILE (<c>--Operator:HostInterfaces:Enabled=true</c>), which creates the VXLAN link in each
/// node namespace; without it <c>up</c> stops before the first overlay pod's ADD, naming the link.
/// </summary>
public sealed partial class SandboxRunnerTests
{
    /// <summary>The sample pods in the order <c>up</c> attaches them (and <c>down</c> deletes them).</summary>
    private static readonly string[] AllPods = ["default/pod-a", "default/pod-b", "sandbox-b/pod-c", "default/overlay-a", "default/overlay-b", "default/pod-vf"];

    /// <summary>The VXLAN link of sandbox-vxlan as the operator names it: vni 4242 on the test's underlay, group 239.1.1.42, port 4789.</summary>
    private static string OverlayLink(SandboxTopology topology) =>
        Multi.Core.Networks.HostInterfaceNames.Vxlan(new Multi.Core.Networks.VxlanInterfaceSpec { Vni = 4242, Parent = topology.Underlay, Group = "239.1.1.42" });

    /// <summary>sandbox-vxlan's NAD: macvlan (mode bridge) on the agent's link, multi-ipam naming the node-local view of journal and socket.</summary>
    private static string OverlayConfig(SandboxTopology topology) =>
        $$$"""sandbox-vxlan: {"cniVersion":"1.0.0","name":"sandbox-vxlan","type":"macvlan","master":"{{{OverlayLink(topology)}}}","mode":"bridge","ipam":{"type":"multi-ipam","pool":"sandbox-overlay-pool","kubeconfig":"{{{topology.Kubeconfig}}}","journalDir":"{{{topology.NodeView}}}/ipam-journal","daemonSocket":"{{{topology.NodeView}}}/run/multi.sock"}}""";

    private static string OverlayAddress(UpReport up, string pod) =>
        Assert.Single(Assert.Single(up.Pods, p => p.Pod.Display == pod).Networks.Single(n => n.Network == "default/sandbox-vxlan").Ips);

    /// <summary>
    /// The two-node scenario: each overlay pod went through its own node's daemon (multi and multi-ipam, whose socket the
    /// node sees at the node-local view); the claims record each pod's node; the agent's VXLAN link is in both node
    /// namespaces on the underlay; pod A on node 0 reached pod B on node 1 over it; <c>up</c>'s nodes show both links.
    /// </summary>
    private static async Task AssertOverlayAsync(SandboxTopology topology, UpReport up)
    {
        var (first, second) = (topology.Nodes[0], topology.Nodes[1]);
        var daemon2 = Assert.Single(up.Nodes, n => n.Name == second.Name).Daemon;
        Assert.Equal((1, 1), (daemon2.RequestsOf("multi", "ADD", "ok"), daemon2.RequestsOf("multi-ipam", "ADD", "ok")));
        Assert.All(daemon2.Requests!, r => Assert.Equal("ok", r.Result));
        Assert.True(File.Exists(second.DaemonSocket), second.DaemonSocket);
        Assert.Equal("""{"since":"start"}""", await File.ReadAllTextAsync(Path.Combine(second.IpamJournalDir, "journal"), TestContext.Current.CancellationToken));
        Assert.Equal(second.DaemonSocket, (string?)second.MultiConfig()["daemonSocket"]);
        using (var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(topology.Kubeconfig)))
        {
            var claims = await client.CustomObjects.ListClusterCustomObjectAsync("multi.dev", "v1alpha1", "ipallocations", labelSelector: "multi.dev/pool=sandbox-overlay-pool", cancellationToken: TestContext.Current.CancellationToken);
            var owners = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(claims))!["items"]!.AsArray()
                .Select(c => $"{c!["spec"]!["owner"]!["podName"]}@{c["spec"]!["owner"]!["node"]}").Order(StringComparer.Ordinal);
            Assert.Equal([$"overlay-a@{first.Name}", $"overlay-b@{second.Name}"], owners);
        }

        foreach (var node in topology.Nodes)
        {
            var link = (await NetworkNamespace.Existing(node.Namespace).IpAsync("-d", "-j", "link", "show", OverlayLink(topology))).Trim();
            var data = System.Text.Json.Nodes.JsonNode.Parse(link)![0]!["linkinfo"]!["info_data"]!;
            Assert.Equal(("4242", "239.1.1.42", "4789", topology.Underlay), (data["id"]!.ToString(), (string?)data["group"], data["port"]!.ToString(), (string?)data["link"]));
            Assert.Contains(Assert.Single(up.Nodes, n => n.Name == node.Name).Links, l => l.Name == OverlayLink(topology) && l.Kind == "vxlan");
        }

        var probe = Assert.Single(up.Probes, p => p.Network == "default/sandbox-vxlan");
        Assert.Equal(($"{first.Name} → {second.Name}", true), (probe.Nodes, probe.Reached));
    }
}
