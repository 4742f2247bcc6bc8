using System.Globalization;

namespace Multi.Sandbox.Local;

/// <summary>
/// The node daemon (the node agent, <c>Multi.Operator.dll</c> in agent mode, with the CNI daemon on) as a
/// <see cref="BackgroundProcess"/> inside the node namespace: <c>ip netns exec &lt;node&gt; dotnet Multi.Operator.dll
/// --Operator:Mode=agent …</c> (<c>ip netns exec</c> execs, so the pid written is the daemon's and its command line holds
/// the identity tokens). It serves the node <see cref="SandboxTopology.NodeName"/> against the sandbox's kubeconfig, its
/// socket at <see cref="SandboxTopology.DaemonSocket"/>, its probes on the uplink's node address at a free port recorded in
/// the state directory; ready when <c>/readyz</c> answers 200 (its informers synced and the socket served).
/// </summary>
internal sealed class NodeDaemonProcess(SandboxTopology topology, TimeProvider time)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The daemon's <c>--Operator:Daemon:ShutdownTimeout</c> here (its default is 30 s): below <c>down</c>'s SIGTERM wait,
    /// so that a daemon still finishing a request gets to remove its socket before SIGKILL.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    private string KubeconfigOption => $"--Operator:Kubeconfig={topology.Kubeconfig}";

    private string SocketOption => $"--Operator:Daemon:SocketPath={topology.DaemonSocket}";

    private BackgroundProcess Process => new("node daemon", topology.DaemonPidFile, topology.DaemonLogFile, ["--Operator:Mode=agent", KubeconfigOption, SocketOption], time);

    private ProbeEndpoint Probes => new(topology.NodeAddress, topology.DaemonPortFile);

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
            "ip", "netns", "exec", topology.NodeNamespace,
            DotnetHost.Executable, OperatorProcess.Dll, "--Operator:Mode=agent", $"--Operator:NodeName={topology.NodeName}", KubeconfigOption,
            "--Operator:Daemon:Enabled=true", SocketOption,
            $"--Operator:Daemon:ShutdownTimeout={ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture)}",
            $"--Operator:ProbeAddress={Probes.Url(port)}",
        ];
        using var http = new HttpClient { Timeout = ProbeEndpoint.Timeout };
        await Process.StartAsync(
            command,
            async ct => (await Probes.GetAsync(http, "/readyz", ct).ConfigureAwait(false)).Status == 200 && File.Exists(topology.DaemonSocket),
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
