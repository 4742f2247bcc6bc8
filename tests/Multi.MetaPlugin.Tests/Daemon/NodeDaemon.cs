using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Daemon;

/// <summary>
/// The node agent (<c>Multi.Operator.dll</c>, built next to the tests) in agent mode with the CNI daemon on, started inside the
/// node's network namespace (<c>ip netns exec</c> execs it, so the process is the daemon itself: signals reach it directly),
/// its socket in the node's state directory and its probes on the uplink's node address.
/// </summary>
internal sealed class NodeDaemon : IAsyncDisposable
{
    private readonly Process process;
    private readonly HttpClient probes;
    private readonly ConcurrentQueue<string> output = new();
    private int disposed;

    private NodeDaemon(Process process, Uri probe, string socket)
    {
        this.process = process;
        probes = new HttpClient { BaseAddress = probe, Timeout = TimeSpan.FromSeconds(5) };
        Socket = socket;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Socket { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>What the daemon logged, for failure messages.</summary>
    public string Log => string.Join('\n', output);

    /// <summary><paramref name="executable"/>: the NativeAOT operator the image ships; null runs the built <c>Multi.Operator.dll</c>.</summary>
    public static async Task<NodeDaemon> StartAsync(string nodeNamespace, IPAddress probeAddress, string kubeconfig, string socket, string nodeName = "node-1", string? executable = null)
    {
        var port = 18000 + Random.Shared.Next(0, 20000);
        var probe = new Uri($"http://{probeAddress}:{port.ToString(CultureInfo.InvariantCulture)}");
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] program = executable is null ? ["dotnet", Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll")] : [executable];
        string[] arguments =
        [
            "netns", "exec", nodeNamespace, .. program, "--Operator:Mode=agent",
            $"--Operator:NodeName={nodeName}", $"--Operator:Kubeconfig={kubeconfig}", "--Operator:Daemon:Enabled=true", $"--Operator:Daemon:SocketPath={socket}", "--Operator:HostInterfaces:Enabled=false",
            $"--Operator:ProbeAddress={probe}",
        ];
        foreach (var arg in arguments)
        {
            info.ArgumentList.Add(arg);
        }

        var daemon = new NodeDaemon(Process.Start(info)!, probe, socket);
        try
        {
            await daemon.WaitReadyAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync(); // never leave a daemon behind a failed start
            throw;
        }
    }

    /// <summary>The value of one sample of <c>/metrics</c> (name with its labels as exposed), 0 when absent.</summary>
    public async Task<double> MetricAsync(string sample)
    {
        var text = await probes.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(sample + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(sample.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Every sample line of <c>/metrics</c> whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> MetricLinesAsync(string prefix) =>
        (await probes.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken))
            .Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>Sends a signal (STOP, CONT, KILL, TERM) to the daemon.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public async Task WaitForExitAsync(int seconds = 30)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (!process.HasExited)
        {
            await SignalAsync("CONT");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        process.Dispose();
        probes.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is { Length: > 0 })
        {
            output.Enqueue(line);
        }
    }

    private async Task WaitReadyAsync()
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(process.HasExited, $"the node agent exited with {(process.HasExited ? process.ExitCode : 0)} before it was ready:\n{Log}");
            try
            {
                using var ready = await probes.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
                if (ready.IsSuccessStatusCode && File.Exists(Socket))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // A probe timed out while the host starts.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the node agent's daemon was not ready within 60 s:\n{Log}");
    }
}
