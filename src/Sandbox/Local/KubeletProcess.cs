namespace Multi.Sandbox.Local;

/// <summary>
/// The sandbox's kubelet (its PodResources API, see <see cref="KubeletService"/>) as a <see cref="BackgroundProcess"/>: this
/// program re-executed with the hidden <c>kubelet-serve</c> command on the host (a Unix socket is reached by path from any
/// network namespace, and the API server at the uplink's host address), ready when it has written its ready file.
/// </summary>
internal sealed class KubeletProcess(SandboxTopology topology, TimeProvider time)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private BackgroundProcess Process => new("kubelet (PodResources API)", topology.KubeletPidFile, topology.KubeletLogFile, ["kubelet-serve", topology.PodResourcesSocket], time);

    /// <summary>Starts the server and waits (bounded) until it listens.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        File.Delete(topology.KubeletReadyFile);
        string[] serve =
        [
            .. ApiServerProcess.SelfCommand(), "kubelet-serve", "--socket", topology.PodResourcesSocket, "--kubeconfig", topology.Kubeconfig,
            "--node", topology.NodeName, "--resource", SandboxTopology.VfResource, "--devices", string.Join(',', topology.Vfs),
            "--ready-file", topology.KubeletReadyFile,
        ];
        return Process.StartAsync(serve, _ => Task.FromResult(File.Exists(topology.KubeletReadyFile)), StartTimeout, cancellationToken);
    }

    public bool IsAlive() => Process.IsAlive();

    public IReadOnlyList<int> Survivors() => Process.Survivors();

    public Task<bool> StopAsync() => Process.StopAsync();
}
