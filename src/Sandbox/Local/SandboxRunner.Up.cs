using System.Security.Cryptography;
using k8s;
using Multi.Core;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

internal sealed partial class SandboxRunner
{
    /// <summary>
    /// Node, uplink, API server, crds/, the operator, the node daemon, config/samples/ (pods bound to the sandbox's node), a
    /// wait until the operator has rendered the sample ClusterNetworks, then CNI ADD (through the daemon) for every sample
    /// pod and the probes over their secondary networks, then the reclaim demonstration (<see cref="DemonstrateReclaimAsync"/>);
    /// returns the daemon's counts and any in-process run, the pods' network-status, the probes, the reclaim, the pools and
    /// the networks. Refuses when the sandbox is already up.
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

        // Node setup as an installer would do it: multi-ipam's journal exists before the first ADD (docs/ipam.md).
        progress($"multi-ipam journal {topology.IpamJournalDir} (multi-ipam init-journal)");
        (await HostCommand.RunAsync(RepoLayout.RequireIpamBinary(), "init-journal", topology.IpamJournalDir).ConfigureAwait(false)).EnsureSuccess();

        progress($"node namespace {topology.NodeNamespace} with macvlan master {topology.MacvlanMaster}");
        var node = await NetworkNamespace.CreateAsync(topology.NodeNamespace).ConfigureAwait(false);
        await node.IpAsync("link", "add", topology.MacvlanMaster, "type", "veth", "peer", "name", topology.MacvlanPeer).ConfigureAwait(false);
        await node.IpAsync("link", "set", topology.MacvlanMaster, "up").ConfigureAwait(false);
        await node.IpAsync("link", "set", topology.MacvlanPeer, "up").ConfigureAwait(false);
        var uplink = await ApiUplink.CreateAsync(node, topology.UplinkHost, topology.UplinkNode, topology.UplinkSubnet, 0).ConfigureAwait(false);
        progress($"uplink {topology.UplinkHost} ({uplink.HostAddress}) ↔ {topology.UplinkNode} ({uplink.NodeAddress})");

        progress($"API server process on {topology.ApiAddress}, objects in {topology.ApiDir}, log {topology.ApiLogFile}");
        await ApiServer.StartAsync(cancellationToken).ConfigureAwait(false);
        await SetUpDevicesAsync(node, cancellationToken).ConfigureAwait(false);
        using var client = Client();
        var applied = await ApplyWithOperatorAsync(client, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(topology.ConfigFile, JsonText.Write(topology.MultiConfig()), cancellationToken).ConfigureAwait(false);
        foreach (var (ns, name) in applied.Where(o => o.Kind == "Pod").Select(o => (o.Namespace!, o.Name)))
        {
            var pod = await AddPodAsync(client, ns, name, pods, cancellationToken).ConfigureAwait(false);
            pods.Add(pod);
        }

        var networks = await ReadNetworksAsync(client, pods, cancellationToken).ConfigureAwait(false);
        var probes = await ProbeAsync(networks).ConfigureAwait(false);
        var reclaim = await DemonstrateReclaimAsync(client, pods, cancellationToken).ConfigureAwait(false);
        var daemon = await Daemon.HealthAsync(cancellationToken).ConfigureAwait(false);
        var devices = await ReadDeviceAttachmentsAsync(client, pods, cancellationToken).ConfigureAwait(false);
        return new UpReport(
            daemon,
            [.. inProcess],
            networks,
            probes,
            reclaim,
            await ReadPoolsAsync(client, cancellationToken).ConfigureAwait(false),
            await ReadClusterNetworksAsync(client, cancellationToken).ConfigureAwait(false),
            devices);
    }

    /// <summary>
    /// crds/, then the operator (ready once its informers have listed the CRDs' kinds) and the node daemon (ready once its
    /// informers synced and its socket is served: before any pod exists, so that its pod informer sees them come), then
    /// config/samples/ (pods bound to the sandbox's node) and the wait until the operator has rendered the sample networks;
    /// returns what the samples created.
    /// </summary>
    private async Task<IReadOnlyList<AppliedObject>> ApplyWithOperatorAsync(k8s.Kubernetes client, CancellationToken cancellationToken)
    {
        var applier = new ManifestApplier(client, topology.NodeName);
        await ApplyManifestsAsync(applier, "crds", cancellationToken).ConfigureAwait(false);
        progress($"operator process ({Path.GetFileName(OperatorProcess.Dll)}, manager mode, probes on 127.0.0.1, reclaim grace {OperatorProcess.ReclaimGrace.TotalSeconds} s), log {topology.OperatorLogFile}");
        await Operator.StartAsync(cancellationToken).ConfigureAwait(false);
        progress($"node daemon process ({Path.GetFileName(OperatorProcess.Dll)}, agent mode, node {topology.NodeName}, in {topology.NodeNamespace}, socket {topology.DaemonSocket}, probes on {topology.NodeAddress}), log {topology.DaemonLogFile}");
        await Daemon.StartAsync(cancellationToken).ConfigureAwait(false);
        var applied = await ApplyManifestsAsync(applier, Path.Combine("config", "samples"), cancellationToken).ConfigureAwait(false);
        await WaitForNetworksAsync(client, applied, cancellationToken).ConfigureAwait(false);
        return applied;
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

    /// <summary>The pod's network namespace, then ADD with the pod's identity in CNI_ARGS; recorded before it runs.</summary>
    private async Task<SandboxPod> AddPodAsync(IKubernetes client, string ns, string name, List<SandboxPod> pods, CancellationToken cancellationToken)
    {
        if (pods.Any(p => p.Name == name))
        {
            throw new InvalidOperationException($"pod names must be unique across namespaces in the sandbox (they name network namespaces): {ns}/{name}");
        }

        var current = await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        var pod = new SandboxPod(ns, name, current.Metadata.Uid, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        progress($"{pod.Display}: network namespace {topology.PodNamespace(name)}, CNI ADD through multi (the node daemon)");
        var netns = await NetworkNamespace.CreateAsync(topology.PodNamespace(name)).ConfigureAwait(false);
        await WriteStateAsync([.. pods, pod]).ConfigureAwait(false);
        var add = (await Runtime().AddAsync(RepoLayout.MultiBinary, topology.MultiConfig(), pod.ContainerId, netns.Path, "eth0", pod.CniArgs).ConfigureAwait(false))
            .EnsureSuccess($"ADD of {pod.Display}");
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
                var reached = await NetworkNamespace.Existing(topology.PodNamespace(from.Pod.Name)).PingAsync(address).ConfigureAwait(false);
                probes.Add(new ProbeReport(from.Pod.Display, target.Pod.Display, network.Key, address, reached));
            }
        }

        return probes;
    }
}
