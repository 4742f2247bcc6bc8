using System.Globalization;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

/// <summary>
/// The sandbox's API server as a background process that outlives <c>up</c>: this program re-executed with the
/// hidden <c>api-serve</c> command in a new session (setsid), output to a log file, identified by a pid file it
/// writes itself and ready when it has written the ready file.
/// </summary>
internal sealed class ApiServerProcess(SandboxTopology topology, TimeProvider time)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts the server (again, after it died: a stale pid file would look like a dead new process) and waits
    /// (bounded) until it listens; the kubeconfig is written by then.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        File.Delete(topology.ApiReadyFile);
        File.Delete(topology.ApiPidFile);
        string[] serve =
        [
            .. SelfCommand(), "api-serve", "--listen", topology.ApiAddress.ToString(), "--dir", topology.ApiDir,
            "--kubeconfig", topology.Kubeconfig, "--pid-file", topology.ApiPidFile, "--ready-file", topology.ApiReadyFile,
        ];
        (await HostCommand.RunAsync("sh", ["-c", "log=$1; shift; exec setsid -f \"$@\" </dev/null >>\"$log\" 2>&1", "sh", topology.ApiLogFile, .. serve], cancellationToken: cancellationToken).ConfigureAwait(false))
            .EnsureSuccess();
        var deadline = time.GetUtcNow() + StartTimeout;
        while (!File.Exists(topology.ApiReadyFile))
        {
            if (time.GetUtcNow() > deadline || (File.Exists(topology.ApiPidFile) && !IsAlive()))
            {
                throw new TimeoutException($"the API server did not come up within {StartTimeout.TotalSeconds} s; see {topology.ApiLogFile}:\n{Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the process named by the pid file is running and is our <c>api-serve</c>.</summary>
    public bool IsAlive() => Pid() is { } pid && IsApiServe(pid);

    /// <summary>SIGTERM, a bounded wait, then SIGKILL. True when the process is gone (or never ran).</summary>
    public async Task<bool> StopAsync()
    {
        if (Pid() is not { } pid || !IsApiServe(pid))
        {
            return true;
        }

        var pidText = pid.ToString(CultureInfo.InvariantCulture);
        await HostCommand.RunAsync("kill", "-TERM", pidText).ConfigureAwait(false);
        for (var waited = TimeSpan.Zero; waited < StopTimeout && IsApiServe(pid); waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time).ConfigureAwait(false);
        }

        if (IsApiServe(pid))
        {
            await HostCommand.RunAsync("kill", "-KILL", pidText).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(200), time).ConfigureAwait(false);
        }

        return !IsApiServe(pid);
    }

    private int? Pid() => File.Exists(topology.ApiPidFile) && int.TryParse(File.ReadAllText(topology.ApiPidFile).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>A live (not zombie) process whose command line is an <c>api-serve</c> with our pid file: pids get reused.</summary>
    private bool IsApiServe(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return state is not ('Z' or 'X') && cmdline.Contains("api-serve") && cmdline.Contains(topology.ApiPidFile);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string Tail() => File.Exists(topology.ApiLogFile) ? string.Join('\n', File.ReadLines(topology.ApiLogFile).TakeLast(20)) : "(no log)";

    /// <summary>
    /// How to run this program again: its apphost or <c>dotnet Multi.Sandbox.dll</c> (when hosted by a test runner,
    /// the current process is not the sandbox).
    /// </summary>
    private static string[] SelfCommand()
    {
        var dll = typeof(ApiServerProcess).Assembly.Location;
        var apphost = Path.ChangeExtension(dll, null);
        if (File.Exists(apphost))
        {
            return [apphost];
        }

        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return [dotnet, dll];
    }
}
