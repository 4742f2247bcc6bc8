using System.Text;
using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Sandbox.Host;
using Multi.Sandbox.Runtime;

namespace Multi.Sandbox.Local;

/// <summary>One pod's interfaces as seen in its namespace.</summary>
internal sealed record PodReport(string Pod, string ContainerId, IReadOnlyList<LinkInfo> Interfaces);

/// <summary>A connectivity probe between two pods over one network.</summary>
internal sealed record ProbeReport(string From, string To, string Network, string Address, bool Reached);

/// <summary>What <c>down</c> found left after DEL; empty lists mean a clean teardown.</summary>
internal sealed record TeardownReport(IReadOnlyList<string> Deleted, IReadOnlyList<string> Leftovers);

/// <summary>
/// Brings the local sandbox up and down: the pods are network namespaces, attached through the published
/// <c>multi</c> binary exactly as a runtime would call it, and torn down through CNI DEL.
/// </summary>
internal sealed class SandboxRunner(SandboxTopology topology, Action<string> progress)
{
    private NetworkNamespace Node => NetworkNamespace.Existing(topology.NodeNamespace);

    public async Task<IReadOnlyList<PodReport>> UpAsync()
    {
        EnsurePrerequisites();
        if (File.Exists(topology.StateFile))
        {
            throw new InvalidOperationException($"the sandbox is already up ({topology.StateFile} exists); run `down` first");
        }

        Directory.CreateDirectory(topology.StateDir);
        await File.WriteAllTextAsync(topology.ConfigFile, topology.MultiConfig().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        progress($"node namespace {topology.NodeNamespace} with macvlan master {topology.MacvlanMaster}");
        var node = await NetworkNamespace.CreateAsync(topology.NodeNamespace).ConfigureAwait(false);
        await node.IpAsync("link", "add", topology.MacvlanMaster, "type", "veth", "peer", "name", topology.MacvlanPeer).ConfigureAwait(false);
        await node.IpAsync("link", "set", topology.MacvlanMaster, "up").ConfigureAwait(false);
        await node.IpAsync("link", "set", topology.MacvlanPeer, "up").ConfigureAwait(false);

        var pods = new JsonObject();
        await File.WriteAllTextAsync(topology.StateFile, pods.ToJsonString()).ConfigureAwait(false);
        var reports = new List<PodReport>();
        foreach (var pod in topology.Pods)
        {
            progress($"{pod}: namespace {topology.PodNamespace(pod)}, CNI ADD through multi");
            var ns = await NetworkNamespace.CreateAsync(topology.PodNamespace(pod)).ConfigureAwait(false);
            var containerId = $"sandbox-{pod}-{Guid.NewGuid():N}"[..32];
            pods[pod] = containerId;
            await File.WriteAllTextAsync(topology.StateFile, pods.ToJsonString()).ConfigureAwait(false);
            (await Runtime().AddAsync(RepoLayout.MultiBinary, topology.MultiConfig(), containerId, ns.Path, "eth0", PodArgs(pod)).ConfigureAwait(false))
                .EnsureSuccess($"ADD of {pod}");
            reports.Add(new PodReport(pod, containerId, await ns.LinksAsync().ConfigureAwait(false)));
        }

        return reports;
    }

    /// <summary>Pings every other pod's address on each of <c>eth0</c> and <c>net1</c> from the first pod.</summary>
    public async Task<IReadOnlyList<ProbeReport>> ProbeAsync(IReadOnlyList<PodReport> pods)
    {
        var probes = new List<ProbeReport>();
        var from = pods[0];
        foreach (var target in pods.Skip(1))
        {
            foreach (var (ifName, network) in new[] { ("eth0", "cluster (bridge)"), ("net1", "storage (macvlan)") })
            {
                var address = target.Interfaces.FirstOrDefault(i => i.Name == ifName)?.GlobalAddresses.FirstOrDefault()?.Split('/')[0];
                if (address is null)
                {
                    probes.Add(new ProbeReport(from.Pod, target.Pod, network, "(none)", false));
                    continue;
                }

                progress($"ping {target.Pod} {address} from {from.Pod} over {network}");
                var reached = await NetworkNamespace.Existing(topology.PodNamespace(from.Pod)).PingAsync(address).ConfigureAwait(false);
                probes.Add(new ProbeReport(from.Pod, target.Pod, network, address, reached));
            }
        }

        return probes;
    }

    public async Task<IReadOnlyList<PodReport>> StatusAsync()
    {
        var reports = new List<PodReport>();
        foreach (var (pod, containerId) in ReadState())
        {
            var ns = NetworkNamespace.Existing(topology.PodNamespace(pod));
            reports.Add(new PodReport(pod, containerId, ns.Exists ? await ns.LinksAsync().ConfigureAwait(false) : []));
        }

        return reports;
    }

    /// <summary>DEL for every pod, then a check that no interface, lease or cache entry is left, then the namespaces go.</summary>
    public async Task<TeardownReport> DownAsync()
    {
        EnsurePrerequisites();
        var deleted = new List<string>();
        var leftovers = new List<string>();
        foreach (var (pod, containerId) in ReadState())
        {
            progress($"{pod}: CNI DEL through multi");
            var ns = NetworkNamespace.Existing(topology.PodNamespace(pod));
            var del = await Runtime().DelAsync(RepoLayout.MultiBinary, topology.MultiConfig(), containerId, ns.Path, "eth0", PodArgs(pod)).ConfigureAwait(false);
            if (!del.Succeeded)
            {
                leftovers.Add($"{pod}: DEL failed: {del.Stdout}");
            }

            if (ns.Exists)
            {
                leftovers.AddRange((await ns.LinksAsync().ConfigureAwait(false)).Where(l => l.Name != "lo").Select(l => $"{pod}: interface {l.Name} still exists"));
                await ns.DisposeAsync().ConfigureAwait(false);
            }

            deleted.Add(pod);
        }

        leftovers.AddRange(Files(topology.CacheDir, "*.json").Select(f => $"cache entry {f} still exists"));
        leftovers.AddRange(Leases().Select(l => $"IPAM lease {l} still exists"));
        if (Node.Exists)
        {
            await Node.DisposeAsync().ConfigureAwait(false);
        }

        if (leftovers.Count == 0 && Directory.Exists(topology.StateDir))
        {
            Directory.Delete(topology.StateDir, recursive: true);
        }

        return new TeardownReport(deleted, leftovers);
    }

    private ContainerRuntime Runtime() => new(RepoLayout.DebianPluginDir, Node);

    private static string PodArgs(string pod) => $"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME={pod};K8S_POD_UID={GuidFor(pod)}";

    private static Guid GuidFor(string pod) => new(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(pod)));

    private IEnumerable<(string Pod, string ContainerId)> ReadState()
    {
        if (!File.Exists(topology.StateFile))
        {
            return [];
        }

        return JsonNode.Parse(File.ReadAllText(topology.StateFile)) is JsonObject state
            ? state.Select(p => (p.Key, p.Value?.GetValue<string>() ?? string.Empty)).ToList()
            : [];
    }

    /// <summary>host-local leases are files named by address; its bookkeeping files are not leases.</summary>
    private IEnumerable<string> Leases() => Files(topology.IpamDir, "*")
        .Where(f => Path.GetFileName(f) is var n && n != "lock" && !n.StartsWith("last_reserved_ip", StringComparison.Ordinal));

    private static IEnumerable<string> Files(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories) : [];

    private static void EnsurePrerequisites()
    {
        if (!HostCommand.IsRoot)
        {
            throw new InvalidOperationException("the sandbox creates network namespaces and needs root: run it with sudo (or as root)");
        }

        if (!RepoLayout.DebianPluginsInstalled)
        {
            throw new InvalidOperationException($"the CNI plugins are missing from {RepoLayout.DebianPluginDir}: apt-get install containernetworking-plugins");
        }

        RepoLayout.RequireMultiBinary();
    }
}
