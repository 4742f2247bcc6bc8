using k8s;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

internal sealed partial class SandboxRunner
{
    /// <summary>
    /// CNI DEL (on the pod's node, through its daemon while it runs) and pod deletion for every recorded pod, a check that no
    /// IPAllocation is left, then the node daemons, the operator and the API server processes, the pods' namespaces, the
    /// uplinks and the nodes (the underlay goes with them); finally a check that nothing is left (no process of the four, no
    /// daemon socket with the state). The
    /// ClusterNetworks and their NADs stay in the store with it (the operator is not needed for DEL). A dead API
    /// server is restarted from its store first; if that fails, DEL runs from multi's cache and an unreachable API is
    /// a note, not a leftover (multi-ipam's DEL then only records pending releases in its journal, and succeeds).
    /// </summary>
    public async Task<TeardownReport> DownAsync(CancellationToken cancellationToken = default)
    {
        EnsurePrerequisites();
        var deleted = new List<string>();
        var leftovers = new List<string>();
        var notes = new List<string>();
        var pods = ReadState();
        if (pods.Count > 0 && !ApiServer.IsAlive())
        {
            await RestartApiServerAsync(notes, cancellationToken).ConfigureAwait(false);
        }

        using var client = File.Exists(topology.Kubeconfig) && ApiServer.IsAlive() ? Client() : null;
        if (client is null && pods.Count > 0)
        {
            notes.Add("the API server is not running: DEL runs from multi's cache, the pod objects stay in its store and multi-ipam only records its releases as pending");
        }

        foreach (var pod in pods)
        {
            var node = NodeOf(pod);
            progress($"{pod.Display}: CNI DEL through multi{(DaemonOf(node).IsAlive() ? $" (the node daemon of {node.Name})" : $" (in-process: the node daemon of {node.Name} is not running)")}");
            var netns = NetworkNamespace.Existing(topology.PodNamespace(pod.Name));
            var del = await Runtime(node).DelAsync(RepoLayout.MultiBinary, node.MultiConfig(), pod.ContainerId, netns.Path, "eth0", pod.CniArgs).ConfigureAwait(false);
            if (!del.Succeeded)
            {
                leftovers.Add($"{pod.Display}: DEL failed: {del.Stdout.Trim()} {del.Stderr.Trim()}");
            }

            if (netns.Exists)
            {
                leftovers.AddRange((await netns.LinksAsync().ConfigureAwait(false)).Where(l => l.Name != "lo").Select(l => $"{pod.Display}: interface {l.Name} still exists after DEL"));
                await netns.DisposeAsync().ConfigureAwait(false);
            }

            await DeletePodObjectAsync(client, pod, notes, cancellationToken).ConfigureAwait(false);
            deleted.Add(pod.Display);
        }

        var allocationsLeft = await AllocationsLeftAsync(client, leftovers, notes, cancellationToken).ConfigureAwait(false);
        await TearDownDevicesAsync(leftovers).ConfigureAwait(false);
        foreach (var node in topology.Nodes)
        {
            await StopDaemonAsync(node, leftovers, notes).ConfigureAwait(false);
        }

        progress("stopping the operator process");
        if (!await Operator.StopAsync().ConfigureAwait(false))
        {
            leftovers.Add("the operator process did not stop");
        }

        progress("stopping the API server process");
        if (!await ApiServer.StopAsync().ConfigureAwait(false))
        {
            leftovers.Add("the API server process did not stop");
        }

        foreach (var node in topology.Nodes)
        {
            progress($"deleting the uplink {node.UplinkHost} and the node namespace {node.Namespace} (with its end of the underlay {topology.Underlay})");
            if (await LinkExistsAsync(node.UplinkHost).ConfigureAwait(false))
            {
                await HostCommand.RunAsync("ip", "link", "del", node.UplinkHost).ConfigureAwait(false);
            }

            await NetworkNamespace.Existing(node.Namespace).DisposeAsync().ConfigureAwait(false);
        }

        leftovers.AddRange(await LeftoversAsync().ConfigureAwait(false));
        if (leftovers.Count == 0 && Directory.Exists(topology.StateDir))
        {
            Directory.Delete(topology.StateDir, recursive: true);
        }

        return new TeardownReport(deleted, leftovers, notes, allocationsLeft);
    }

    /// <summary>A node's daemon: stopped (a survivor is a leftover); the socket a killed daemon left is removed with a note.</summary>
    private async Task StopDaemonAsync(SandboxNode node, List<string> leftovers, List<string> notes)
    {
        progress($"stopping the node daemon process of {node.Name}");
        if (!await DaemonOf(node).StopAsync().ConfigureAwait(false))
        {
            leftovers.Add($"the node daemon process of {node.Name} did not stop");
        }
        else if (File.Exists(node.DaemonSocket))
        {
            // A daemon removes its socket when it stops; one that was killed leaves it (the shim then runs in-process).
            File.Delete(node.DaemonSocket);
            notes.Add($"the node daemon's socket {node.DaemonSocket} was left by a daemon that did not stop cleanly: removed");
        }
    }

    /// <summary>
    /// With a dead API server every multi-ipam DEL would only record a pending release (after its time bound) and leave the
    /// IPAllocation in the store, so the server is started again from its persisted store while the uplink is still there; without a store or uplink, or
    /// if it does not come up, DEL runs without it.
    /// </summary>
    private async Task RestartApiServerAsync(List<string> notes, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(topology.ApiDir, "store")) || !await LinkExistsAsync(topology.UplinkHost).ConfigureAwait(false))
        {
            return;
        }

        progress($"the API server process is not running: restarting it from {topology.ApiDir} so that DEL can release IPAllocations");
        try
        {
            await ApiServer.StartAsync(cancellationToken).ConfigureAwait(false);
            notes.Add($"the API server process was not running: restarted from its store ({topology.ApiDir}) for the teardown");
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException)
        {
            notes.Add($"the API server process was not running and did not restart: {ex.Message}");
        }
    }

    /// <summary>After every DEL, before the API server stops: each IPAllocation still in the cluster is a leftover.</summary>
    private async Task<int?> AllocationsLeftAsync(IKubernetes? client, List<string> leftovers, List<string> notes, CancellationToken cancellationToken)
    {
        if (client is null)
        {
            if (Directory.Exists(topology.ApiDir))
            {
                notes.Add("IPAllocations were not checked: the API server is not running (they go with its store)");
            }

            return null;
        }

        progress("checking that no IPAllocation is left");
        try
        {
            var left = await PoolUsage.ListAllocationsAsync(client, cancellationToken).ConfigureAwait(false);
            leftovers.AddRange(left.Select(a => $"IPAllocation {a} still exists after DEL"));
            return left.Count;
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            leftovers.Add($"could not check that no IPAllocation is left: {ex.Message}");
            return null;
        }
    }

    private async Task DeletePodObjectAsync(IKubernetes? client, SandboxPod pod, List<string> notes, CancellationToken cancellationToken)
    {
        if (client is null)
        {
            return;
        }

        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Name, pod.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            notes.Add($"{pod.Display}: the pod object was not deleted: {ex.Message}");
        }
    }

    /// <summary>Everything the sandbox creates outside its state directory, plus multi's cache and the IPAM leases in it.</summary>
    private async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var leftovers = new List<string>();
        var namespaces = await HostCommand.RunAsync("ip", "netns", "list").ConfigureAwait(false);
        leftovers.AddRange(namespaces.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith(topology.Prefix + "-", StringComparison.Ordinal))
            .Select(n => $"network namespace {n} still exists"));
        foreach (var node in topology.Nodes)
        {
            leftovers.AddRange(Files(node.CacheDir).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Select(f => $"cache entry {f} still exists"));
            leftovers.AddRange(Leases(node).Select(l => $"IPAM lease {l} still exists"));
            if (await LinkExistsAsync(node.UplinkHost).ConfigureAwait(false))
            {
                leftovers.Add($"uplink {node.UplinkHost} still exists on the host");
            }

            leftovers.AddRange(DaemonOf(node).Survivors().Select(pid => $"the node daemon process {pid} of {node.Name} (pid file {node.DaemonPidFile}) is still running"));
        }

        leftovers.AddRange(ApiServer.Survivors().Select(pid => $"the API server process {pid} (pid file {topology.ApiPidFile}) is still running"));
        leftovers.AddRange(Operator.Survivors().Select(pid => $"the operator process {pid} (pid file {topology.OperatorPidFile}) is still running"));
        leftovers.AddRange(DeviceLeftovers());

        return leftovers;
    }

    private static async Task<bool> LinkExistsAsync(string name) => (await HostCommand.RunAsync("ip", "link", "show", name).ConfigureAwait(false)).Succeeded;

    /// <summary>host-local leases are files named by address; its bookkeeping files are not leases.</summary>
    private static IEnumerable<string> Leases(SandboxNode node) => Files(node.IpamDir)
        .Where(f => Path.GetFileName(f) is var n && n != "lock" && !n.StartsWith("last_reserved_ip", StringComparison.Ordinal));

    private static IEnumerable<string> Files(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories) : [];
}
