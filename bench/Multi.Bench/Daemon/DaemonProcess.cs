using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Multi.Sandbox.Host;

namespace Multi.Bench.Daemon;

/// <summary>
/// The node agent (<c>Multi.Operator.dll</c> built next to the harness) in agent mode with only the CNI daemon on, as its
/// own process in the harness's node namespace, so its memory is its own and its delegates run where the runtime's would.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    public const string NodeName = "bench-node";

    private readonly Process process;
    private readonly HttpClient probes;

    private DaemonProcess(Process process, Uri probeAddress, string socket)
    {
        this.process = process;
        probes = new HttpClient { BaseAddress = probeAddress, Timeout = TimeSpan.FromSeconds(5) };
        Socket = socket;
    }

    public string Socket { get; }

    public int Pid => process.Id;

    /// <summary>What ran: the NativeAOT executable or the framework-dependent dll.</summary>
    public string Build { get; private init; } = "Multi.Operator.dll (JIT)";

    public static async Task<DaemonProcess> StartAsync(string kubeconfig, string stateDir)
    {
        var socket = Path.Combine(stateDir, "run", "multi.sock");
        var probe = new Uri($"http://127.0.0.1:{FreePort()}");
        // MULTI_OPERATOR_BINARY: the NativeAOT agent the image ships (artifacts/image/agent/Multi.Operator) instead of the dll.
        var native = Environment.GetEnvironmentVariable("MULTI_OPERATOR_BINARY") is { Length: > 0 } binary ? binary : null;
        var info = new ProcessStartInfo(native ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (native is null ? [Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll")] : Array.Empty<string>()).Concat(new[]
        {
            "--Operator:Mode=agent", $"--Operator:NodeName={NodeName}",
            $"--Operator:Kubeconfig={kubeconfig}", "--Operator:Daemon:Enabled=true", $"--Operator:Daemon:SocketPath={socket}", "--Operator:HostInterfaces:Enabled=false",
            $"--Operator:ProbeAddress={probe}", "--Logging:LogLevel:Default=Warning",
        }))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the node agent");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"[daemon] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new DaemonProcess(process, probe, socket) { Build = native is null ? "Multi.Operator.dll (JIT)" : $"{native} (NativeAOT)" };
        try
        {
            await daemon.WaitReadyAsync().ConfigureAwait(false);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync().ConfigureAwait(false); // never leave a daemon behind a failed start
            throw;
        }
    }

    /// <summary>Resident memory now and its peak since start (MiB).</summary>
    public (double Rss, double Peak) Memory() => ProcessMemory.Read(process.Id);

    /// <summary>The daemon's own counter lines (<c>multi_daemon_*</c>) from <c>/metrics</c>.</summary>
    public async Task<IReadOnlyList<string>> MetricsAsync() =>
        (await probes.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false))
            .Split('\n').Where(l => l.StartsWith("multi_daemon_", StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        probes.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the node agent exited with {process.ExitCode} before it was ready");
            }

            try
            {
                using var ready = await probes.GetAsync(new Uri("/readyz", UriKind.Relative)).ConfigureAwait(false);
                if (ready.IsSuccessStatusCode && File.Exists(Socket))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException("the node agent's daemon was not ready within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
