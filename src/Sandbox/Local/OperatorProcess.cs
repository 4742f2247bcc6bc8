using System.Globalization;
using System.Net;
using System.Net.Sockets;

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
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The operator's <c>--Operator:ReclaimGrace</c> here (its default is a minute): short, so that <c>up</c>'s reclaim
    /// demonstration does not wait long; a claim younger than it is never released.
    /// </summary>
    public static readonly TimeSpan ReclaimGrace = TimeSpan.FromSeconds(5);

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll");

    private string KubeconfigOption => $"--Operator:Kubeconfig={topology.Kubeconfig}";

    private BackgroundProcess Process => new("operator", topology.OperatorPidFile, topology.OperatorLogFile, ["--Operator:Mode=manager", KubeconfigOption], time);

    public string LogFile => topology.OperatorLogFile;

    /// <summary>Picks a free probe port, records it, starts the operator and waits (bounded) until it is ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Dll))
        {
            throw new FileNotFoundException($"{Dll} is missing: build src/Sandbox, which references src/Operator");
        }

        var port = FreePort();
        await File.WriteAllTextAsync(topology.OperatorPortFile, port.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        string[] command =
        [
            DotnetHost.Executable, Dll, "--Operator:Mode=manager", KubeconfigOption, "--Operator:LeaderElection=false",
            $"--Operator:ProbeAddress=http://127.0.0.1:{port}",
            $"--Operator:ReclaimGrace={ReclaimGrace.ToString("c", CultureInfo.InvariantCulture)}",
        ];
        using var http = new HttpClient { Timeout = ProbeTimeout };
        await Process.StartAsync(command, async ct => (await GetAsync(http, "/readyz", ct).ConfigureAwait(false)).Status == 200, StartTimeout, cancellationToken).ConfigureAwait(false);
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

        using var http = new HttpClient { Timeout = ProbeTimeout };
        var healthz = await GetAsync(http, "/healthz", cancellationToken).ConfigureAwait(false);
        var metrics = await GetAsync(http, "/metrics", cancellationToken).ConfigureAwait(false);
        return new OperatorHealth(
            true,
            healthz.Status is { } status ? $"{status} {healthz.Body.Trim()}" : healthz.Body,
            metrics.Status == 200 ? OperatorHealth.ReconcilesPerController(metrics.Body) : new Dictionary<string, double>(),
            metrics.Status == 200 ? OperatorHealth.ReclaimReleases(metrics.Body) : null);
    }

    /// <summary>The status code and body, or no status and the failure.</summary>
    private async Task<(int? Status, string Body)> GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(topology.OperatorPortFile))
        {
            return (null, $"no {topology.OperatorPortFile}");
        }

        var port = (await File.ReadAllTextAsync(topology.OperatorPortFile, cancellationToken).ConfigureAwait(false)).Trim();
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>A port nothing listens on now; the operator binds it a moment later (a race only another binder could lose us).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
