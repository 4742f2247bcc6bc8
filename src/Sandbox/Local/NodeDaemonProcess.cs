using System.Globalization;
using Multi.Sandbox.Runtime;

namespace Multi.Sandbox.Local;

/// <summary>
/// The node daemon of one sandbox node (the node agent, <c>Multi.Operator.dll</c> in agent mode, with the CNI daemon and
/// the host-interface reconcile on) as a <see cref="BackgroundProcess"/> inside the node's namespace: <c>ip netns exec
/// &lt;node&gt; sh -c 'mount --bind …' dotnet Multi.Operator.dll --Operator:Mode=agent …</c> (<c>ip netns exec</c> and
/// <c>sh</c> exec, so the pid written is the daemon's and its command line holds the identity tokens). In the mount
/// namespace <c>ip netns exec</c> makes, the node's own files are bind-mounted on <see cref="SandboxTopology.NodeView"/>
/// (<see cref="ContainerRuntime.BindThenExec"/>), so its delegates see their node's journal and socket there. It serves
/// the node <see cref="SandboxNode.Name"/> against the sandbox's kubeconfig, its socket at
/// <see cref="SandboxNode.DaemonSocket"/>, its probes on the uplink's node address at a free port recorded among the
/// node's files; ready when <c>/readyz</c> answers 200 (its informers synced and the socket served).
/// </summary>
internal sealed class NodeDaemonProcess(SandboxNode node, TimeProvider time)
{
    /// <summary>The agent's host-interface reconcile (the links a ClusterNetwork's <c>hostInterface</c> declares, created in its own network namespace).</summary>
    public const string HostInterfacesOption = "--Operator:HostInterfaces:Enabled=true";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The daemon's <c>--Operator:Daemon:ShutdownTimeout</c> here (its default is 30 s): below <c>down</c>'s SIGTERM wait,
    /// so that a daemon still finishing a request gets to remove its socket before SIGKILL.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private string KubeconfigOption => $"--Operator:Kubeconfig={node.Topology.Kubeconfig}";

    private string SocketOption => $"--Operator:Daemon:SocketPath={node.DaemonSocket}";

    private BackgroundProcess Process => new($"node daemon of {node.Name}", node.DaemonPidFile, node.DaemonLogFile, ["--Operator:Mode=agent", KubeconfigOption, SocketOption], time);

    private ProbeEndpoint Probes => new(node.NodeAddress, node.DaemonPortFile);

    /// <summary>Picks a free probe port, records it, starts the daemon in the node namespace and waits (bounded) until it is ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(OperatorProcess.Dll))
        {
            throw new FileNotFoundException($"{OperatorProcess.Dll} is missing: build src/Sandbox, which references src/Operator");
        }

        var port = await Probes.RecordFreePortAsync(cancellationToken).ConfigureAwait(false);
        string[] command =
        [
            "ip", "netns", "exec", node.Namespace, "sh", "-c", ContainerRuntime.BindThenExec, "sh", node.Dir, node.Topology.NodeView,
            DotnetHost.Executable, OperatorProcess.Dll, "--Operator:Mode=agent", $"--Operator:NodeName={node.Name}", KubeconfigOption,
            "--Operator:Daemon:Enabled=true", SocketOption, HostInterfacesOption,
            $"--Operator:Daemon:ShutdownTimeout={ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture)}",
            $"--Operator:ProbeAddress={Probes.Url(port)}",
        ];
        using var http = new HttpClient { Timeout = ProbeEndpoint.Timeout };
        await Process.StartAsync(
            command,
            async ct => (await Probes.GetAsync(http, "/readyz", ct).ConfigureAwait(false)).Status == 200 && File.Exists(node.DaemonSocket),
            StartTimeout,
            cancellationToken).ConfigureAwait(false);
    }

    public bool IsAlive() => Process.IsAlive();

    public IReadOnlyList<int> Survivors() => Process.Survivors();

    public Task<bool> StopAsync() => Process.StopAsync();

    /// <summary>Whether it runs, its <c>/healthz</c> and <c>/readyz</c> answers and what its <c>/metrics</c> count.</summary>
    public async Task<DaemonHealth> HealthAsync(CancellationToken cancellationToken = default)
    {
        if (!IsAlive())
        {
            return DaemonHealth.NotRunning;
        }

        using var http = new HttpClient { Timeout = ProbeEndpoint.Timeout };
        var healthz = await Probes.GetAsync(http, "/healthz", cancellationToken).ConfigureAwait(false);
        var readyz = await Probes.GetAsync(http, "/readyz", cancellationToken).ConfigureAwait(false);
        var metrics = await Probes.GetAsync(http, "/metrics", cancellationToken).ConfigureAwait(false);
        var health = new DaemonHealth(true, ProbeEndpoint.Describe(healthz), ProbeEndpoint.Describe(readyz), null, null, null, null);
        return metrics.Status == 200 ? health.WithMetrics(metrics.Body) : health;
    }
}
