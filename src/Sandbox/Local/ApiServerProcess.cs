namespace Multi.Sandbox.Local;

/// <summary>
/// The sandbox's API server as a <see cref="BackgroundProcess"/>: this program re-executed with the hidden
/// <c>api-serve</c> command, ready when it has written the ready file (it writes the kubeconfig before).
/// </summary>
internal sealed class ApiServerProcess(SandboxTopology topology, TimeProvider time)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private BackgroundProcess Process => new("API server", topology.ApiPidFile, topology.ApiLogFile, ["api-serve", topology.ApiDir], time);

    /// <summary>Starts the server (again, after it died) and waits (bounded) until it listens.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        File.Delete(topology.ApiReadyFile);
        string[] serve =
        [
            .. SelfCommand(), "api-serve", "--listen", topology.ApiAddress.ToString(), "--dir", topology.ApiDir,
            "--kubeconfig", topology.Kubeconfig, "--ready-file", topology.ApiReadyFile,
        ];
        return Process.StartAsync(serve, _ => Task.FromResult(File.Exists(topology.ApiReadyFile)), StartTimeout, cancellationToken);
    }

    public bool IsAlive() => Process.IsAlive();

    public IReadOnlyList<int> Survivors() => Process.Survivors();

    public Task<bool> StopAsync() => Process.StopAsync();

    /// <summary>
    /// How to run this program again: its apphost or <c>dotnet Multi.Sandbox.dll</c> (when hosted by a test runner,
    /// the current process is not the sandbox).
    /// </summary>
    internal static string[] SelfCommand()
    {
        var dll = typeof(ApiServerProcess).Assembly.Location;
        var apphost = Path.ChangeExtension(dll, null);
        return File.Exists(apphost) ? [apphost] : [DotnetHost.Executable, dll];
    }
}
