using System.Security.Cryptography;
using k8s;
using k8s.Models;
using Multi.Core;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

internal sealed partial class SandboxRunner
{
    /// <summary>
    /// Nodes (<see cref="CreateNodesAsync"/>), API server, crds/, the Node objects, the operator, the node daemons,
    /// config/samples/ (pods bound to their node), a wait until the operator has rendered the sample ClusterNetworks, then
    /// CNI ADD (through the pod's node's daemon, after the node agent's links it needs are up) for every sample pod and the
    /// probes over their secondary networks, then the reclaim demonstration (<see cref="DemonstrateReclaimAsync"/>);
    /// returns node 0's daemon's counts and any in-process run, the pods' network-status, the probes, the reclaim, the
    /// pools, the networks and the nodes. Refuses when the sandbox is already up.
    /// </summary>
    public async Task<UpReport> UpAsync(CancellationToken cancellationToken = default)
    {
        EnsurePrerequisites();
        if (File.Exists(topology.StateFile))
        {
            throw new InvalidOperationException($"the sandbox is already up ({topology.StateFile} exists); run `down` first");
        }

        // The state file exists from here on, so that `down` cleans up after an `up` that failed half-way.
        Directory.CreateDirectory(topology.StateDir);
        var pods = new List<SandboxPod>();
        await WriteStateAsync(pods).ConfigureAwait(false);
        await CreateNodesAsync().ConfigureAwait(false);

        progress($"API server process on {topology.ApiAddress}, objects in {topology.ApiDir}, log {topology.ApiLogFile}");
        await ApiServer.StartAsync(cancellationToken).ConfigureAwait(false);
        await SetUpDevicesAsync(cancellationToken).ConfigureAwait(false);
        using var client = Client();
        var applied = await ApplyWithOperatorAsync(client, cancellationToken).ConfigureAwait(false);
        foreach (var node in topology.Nodes)
        {
            await File.WriteAllTextAsync(node.ConfigFile, JsonText.Write(node.MultiConfig()), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (ns, name) in applied.Where(o => o.Kind == "Pod").Select(o => (o.Namespace!, o.Name)))
        {
            var pod = await AddPodAsync(client, ns, name, pods, cancellationToken).ConfigureAwait(false);
            pods.Add(pod);
        }

        var networks = await ReadNetworksAsync(client, pods, cancellationToken).ConfigureAwait(false);
        var probes = await ProbeAsync(networks).ConfigureAwait(false);
        var reclaim = await DemonstrateReclaimAsync(client, pods, cancellationToken).ConfigureAwait(false);
        var nodes = await ReadNodesAsync(client, cancellationToken).ConfigureAwait(false);
        var devices = await ReadDeviceAttachmentsAsync(client, pods, cancellationToken).ConfigureAwait(false);
        return new UpReport(
            nodes[0].Daemon,
            [.. inProcess],
            networks,
            probes,
            reclaim,
            await ReadPoolsAsync(client, cancellationToken).ConfigureAwait(false),
            await ReadClusterNetworksAsync(client, cancellationToken).ConfigureAwait(false),
            nodes,
            devices);
    }

    /// <summary>
    /// Per node, as an installer would set it up: its files' directory and multi-ipam's journal (<c>multi-ipam init-journal</c>,
    /// before any ADD: docs/ipam.md), its network namespace and its API uplink (a node other than 0 routes to the API
    /// server's address through its own); node 0's macvlan master; then the underlay joining the nodes.
    /// </summary>
    private async Task CreateNodesAsync()
    {
        Directory.CreateDirectory(topology.NodeView);
        foreach (var node in topology.Nodes)
        {
            Directory.CreateDirectory(node.Dir);
            progress($"{node.Name}: multi-ipam journal {node.IpamJournalDir} (multi-ipam init-journal), network namespace {node.Namespace}");
            (await HostCommand.RunAsync(RepoLayout.RequireIpamBinary(), "init-journal", node.IpamJournalDir).ConfigureAwait(false)).EnsureSuccess();
            var ns = await NetworkNamespace.CreateAsync(node.Namespace).ConfigureAwait(false);
            if (node.Index == 0)
            {
                progress($"{node.Name}: macvlan master {topology.MacvlanMaster}");
                await ns.IpAsync("link", "add", topology.MacvlanMaster, "type", "veth", "peer", "name", topology.MacvlanPeer).ConfigureAwait(false);
                await ns.IpAsync("link", "set", topology.MacvlanMaster, "up").ConfigureAwait(false);
                await ns.IpAsync("link", "set", topology.MacvlanPeer, "up").ConfigureAwait(false);
            }

            var uplink = await ApiUplink.CreateAsync(ns, node.UplinkHost, node.UplinkNode, topology.UplinkSubnet, node.Index).ConfigureAwait(false);
            if (!uplink.HostAddress.Equals(topology.ApiAddress))
            {
                await ns.IpAsync("route", "add", $"{topology.ApiAddress}/32", "via", uplink.HostAddress.ToString()).ConfigureAwait(false);
            }

            progress($"{node.Name}: uplink {node.UplinkHost} ({uplink.HostAddress}) ↔ {node.UplinkNode} ({uplink.NodeAddress})");
        }

        var (first, second) = (topology.Nodes[0], topology.Nodes[1]);
        progress($"underlay {topology.Underlay}: {first.Name} ({first.UnderlayAddress}) ↔ {second.Name} ({second.UnderlayAddress})");
        var a = NetworkNamespace.Existing(first.Namespace);
        var b = NetworkNamespace.Existing(second.Namespace);
        await a.IpAsync("link", "add", topology.Underlay, "type", "veth", "peer", "name", topology.Underlay, "netns", second.Namespace).ConfigureAwait(false);
        await a.IpAsync("addr", "add", first.UnderlayAddress, "dev", topology.Underlay).ConfigureAwait(false);
        await b.IpAsync("addr", "add", second.UnderlayAddress, "dev", topology.Underlay).ConfigureAwait(false);
        await a.IpAsync("link", "set", topology.Underlay, "up").ConfigureAwait(false);
        await b.IpAsync("link", "set", topology.Underlay, "up").ConfigureAwait(false);
    }

    /// <summary>
    /// crds/, the Node objects (labelled, so that node selectors match: before the daemons, whose Node informer reads
    /// them), then the operator (ready once its informers have listed the CRDs' kinds) and a node daemon per node (ready
    /// once its informers synced and its socket is served: before any pod exists, so that its pod informer sees them
    /// come), then config/samples/ (pods bound to node 0 unless they name their node) and the wait until the operator has
    /// rendered the sample networks; returns what the samples created.
    /// </summary>
    private async Task<IReadOnlyList<AppliedObject>> ApplyWithOperatorAsync(k8s.Kubernetes client, CancellationToken cancellationToken)
    {
        var applier = new ManifestApplier(client, topology.NodeName);
        await ApplyManifestsAsync(applier, "crds", cancellationToken).ConfigureAwait(false);
        await CreateNodeObjectsAsync(client, cancellationToken).ConfigureAwait(false);
        progress($"operator process ({Path.GetFileName(OperatorProcess.Dll)}, manager mode, probes on 127.0.0.1, reclaim grace {OperatorProcess.ReclaimGrace.TotalSeconds} s), log {topology.OperatorLogFile}");
        await Operator.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var node in topology.Nodes)
        {
            progress($"node daemon process ({Path.GetFileName(OperatorProcess.Dll)}, agent mode, node {node.Name}, in {node.Namespace}, host interfaces on, socket {node.DaemonSocket}, probes on {node.NodeAddress}), log {node.DaemonLogFile}");
            await DaemonOf(node).StartAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = await ApplyManifestsAsync(applier, Path.Combine("config", "samples"), cancellationToken).ConfigureAwait(false);
        await WaitForNetworksAsync(client, applied, cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>A <c>Node</c> per sandbox node with its labels (<see cref="SandboxNode.Labels"/>); one that exists is left as it is.</summary>
    private async Task CreateNodeObjectsAsync(k8s.Kubernetes client, CancellationToken cancellationToken)
    {
        foreach (var node in topology.Nodes)
        {
            progress($"Node {node.Name} ({string.Join(", ", node.Labels.Select(l => $"{l.Key}={l.Value}"))})");
            try
            {
                var labels = node.Labels.ToDictionary(l => l.Key, l => l.Value);
                await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = node.Name, Labels = labels } }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Already there (an API server restarted from its store).
            }
        }
    }

    /// <summary>Every manifest of a directory of the repository, in name order (one applier: it knows the CRDs it applied).</summary>
    private async Task<IReadOnlyList<AppliedObject>> ApplyManifestsAsync(ManifestApplier applier, string directory, CancellationToken cancellationToken)
    {
        var applied = new List<AppliedObject>();
        foreach (var file in Manifests(directory))
        {
            progress($"apply {Path.GetRelativePath(RepoLayout.Root, file)}");
            var text = topology.Localize(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
            applied.AddRange(await applier.ApplyAsync(text, cancellationToken).ConfigureAwait(false));
        }

        return applied;
    }

    /// <summary>The YAML files of a directory, except a kustomization (kustomize's input, not an object).</summary>
    private static IEnumerable<string> Manifests(string directory) =>
        Directory.EnumerateFiles(Path.Combine(RepoLayout.Root, directory), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Once the node agent's links its networks need are up on its node, the pod's network namespace and ADD through that
    /// node's multi with the pod's identity in CNI_ARGS; recorded (with its node) before the ADD runs.
    /// </summary>
    private async Task<SandboxPod> AddPodAsync(IKubernetes client, string ns, string name, List<SandboxPod> pods, CancellationToken cancellationToken)
    {
        if (pods.Any(p => p.Name == name))
        {
            throw new InvalidOperationException($"pod names must be unique across namespaces in the sandbox (they name network namespaces): {ns}/{name}");
        }

        var current = await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        var node = topology.Nodes.FirstOrDefault(n => n.Name == current.Spec?.NodeName)
            ?? throw new InvalidOperationException($"{ns}/{name} is bound to node {current.Spec?.NodeName ?? "(none)"}, which is not a sandbox node ({string.Join(", ", topology.Nodes.Select(n => n.Name))})");
        var pod = new SandboxPod(ns, name, current.Metadata.Uid, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), node.Name);

        // Before anything of the pod exists on the node: a DEL (`down` after a failed `up`) of a macvlan whose master never
        // appeared fails in the delegate ("Link not found"), so a pod whose links did not come is not recorded.
        await WaitForHostLinksAsync(client, current, node, cancellationToken).ConfigureAwait(false);
        progress($"{pod.Display}: network namespace {topology.PodNamespace(name)} on {node.Name}");
        var netns = await NetworkNamespace.CreateAsync(topology.PodNamespace(name)).ConfigureAwait(false);
        await WriteStateAsync([.. pods, pod]).ConfigureAwait(false);
        progress($"{pod.Display}: CNI ADD through multi (the node daemon of {node.Name})");
        var add = (await Runtime(node).AddAsync(RepoLayout.MultiBinary, node.MultiConfig(), pod.ContainerId, netns.Path, "eth0", pod.CniArgs).ConfigureAwait(false))
            .EnsureSuccess($"ADD of {pod.Display} on {node.Name}");
        inProcess.AddRange(InProcessLines(add.Stderr).Select(line => $"{pod.Display}: {line}"));
        return pod;
    }

    /// <summary>The lines of a plugin's stderr saying that a shim (multi's or multi-ipam's) did not reach the daemon.</summary>
    internal static IEnumerable<string> InProcessLines(string stderr) => stderr
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => line.Contains("running in-process", StringComparison.Ordinal));

    /// <summary>
    /// For every secondary network (a network-status entry that is not the default) shared by several pods: a ping
    /// from the first of them to each other's address on it, from inside the pod's network namespace.
    /// </summary>
    public async Task<IReadOnlyList<ProbeReport>> ProbeAsync(IReadOnlyList<PodNetworks> pods)
    {
        var probes = new List<ProbeReport>();
        var secondary = pods
            .SelectMany(p => p.Networks.Where(n => !n.Default && n.Ips.Count > 0).Select(n => (Pod: p.Pod, Entry: n)))
            .GroupBy(x => x.Entry.Network);
        foreach (var network in secondary)
        {
            var from = network.First();
            foreach (var target in network.Skip(1).Where(t => t.Pod != from.Pod))
            {
                var address = target.Entry.Ips[0];
                progress($"ping {target.Pod.Display} {address} from {from.Pod.Display} over {network.Key}");
                var reached = await NetworkNamespace.Existing(topology.PodNamespace(from.Pod.Name)).PingAsync(address, count: 3).ConfigureAwait(false);
                probes.Add(new ProbeReport(from.Pod.Display, target.Pod.Display, network.Key, address, reached) { Nodes = $"{NodeOf(from.Pod).Name} → {NodeOf(target.Pod).Name}" });
            }
        }

        return probes;
    }
}
