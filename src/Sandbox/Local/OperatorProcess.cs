using System.Globalization;
using System.Net;

namespace Multi.Sandbox.Local;

/// <summary>
/// The Multi operator (manager mode, no leader election: it is alone) as a <see cref="BackgroundProcess"/>: the real
/// <c>Multi.Operator.dll</c>, which the project reference puts next to this program, run by <c>dotnet</c> against the
/// sandbox's kubeconfig, its probes on 127.0.0.1 at a free port recorded in the state directory; ready when
/// <c>/readyz</c> answers 200 (every informer has synced).
/// </summary>
internal sealed class OperatorProcess(SandboxTopology topology, TimeProvider time)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The operator's <c>--Operator:ReclaimGrace</c> here (its default is a minute): short, so that <c>up</c>'s reclaim
    /// demonstration does not wait long; a claim younger than it is never released.
    /// </summary>
    public static readonly TimeSpan ReclaimGrace = TimeSpan.FromSeconds(5);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll");

    private string KubeconfigOption => $"--Operator:Kubeconfig={topology.Kubeconfig}";

    private BackgroundProcess Process => new("operator", topology.OperatorPidFile, topology.OperatorLogFile, ["--Operator:Mode=manager", KubeconfigOption], time);

    public string LogFile => topology.OperatorLogFile;

    private ProbeEndpoint Probes => new(IPAddress.Loopback, topology.OperatorPortFile);

    /// <summary>Picks a free probe port, records it, starts the operator and waits (bounded) until it is ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Dll))
        {
            throw new FileNotFoundException($"{Dll} is missing: build src/Sandbox, which references src/Operator");
        }

        var port = await Probes.RecordFreePortAsync(cancellationToken).ConfigureAwait(false);
        string[] command =
        [
            DotnetHost.Executable, Dll, "--Operator:Mode=manager", KubeconfigOption, "--Operator:LeaderElection=false",
            $"--Operator:ProbeAddress={Probes.Url(port)}",
            $"--Operator:IpamDaemonSocket={topology.DaemonSocket}",
            $"--Operator:ReclaimGrace={ReclaimGrace.ToString("c", CultureInfo.InvariantCulture)}",
        ];
        using var http = new HttpClient { Timeout = ProbeEndpoint.Timeout };
        await Process.StartAsync(command, async ct => (await Probes.GetAsync(http, "/readyz", ct).ConfigureAwait(false)).Status == 200, StartTimeout, cancellationToken).ConfigureAwait(false);
    }

    public bool IsAlive() => Process.IsAlive();

    public IReadOnlyList<int> Survivors() => Process.Survivors();

    public Task<bool> StopAsync() => Process.StopAsync();

    /// <summary>Whether it runs, its <c>/healthz</c> answer, its reconciles per controller and its reclaim releases from <c>/metrics</c>.</summary>
    public async Task<OperatorHealth> HealthAsync(CancellationToken cancellationToken = default)
    {
        if (!IsAlive())
        {
            return new OperatorHealth(false, null, new Dictionary<string, double>(), null);
        }

        using var http = new HttpClient { Timeout = ProbeEndpoint.Timeout };
        var healthz = await Probes.GetAsync(http, "/healthz", cancellationToken).ConfigureAwait(false);
        var metrics = await Probes.GetAsync(http, "/metrics", cancellationToken).ConfigureAwait(false);
        return new OperatorHealth(
            true,
            ProbeEndpoint.Describe(healthz),
            metrics.Status == 200 ? OperatorHealth.ReconcilesPerController(metrics.Body) : new Dictionary<string, double>(),
            metrics.Status == 200 ? OperatorHealth.ReclaimReleases(metrics.Body) : null);
    }
}
