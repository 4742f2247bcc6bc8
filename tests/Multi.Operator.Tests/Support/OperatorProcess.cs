using System.Diagnostics;
using System.Globalization;

namespace Multi.Operator.Tests.Support;

/// <summary>
/// The built operator (<c>Multi.Operator.dll</c>) running as a process of its own, as the Deployment runs it; or, with
/// <see cref="StartExecutable"/>, the NativeAOT executable the image ships.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
    private int disposed;

    private OperatorProcess(Process process) => this.process = process;

    public int ExitCode => process.ExitCode;

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr), for a failure message.</summary>
    public string Output => string.Join('\n', lines);

    public static OperatorProcess Start(params string[] args) =>
        StartExecutable("dotnet", [Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll"), .. args]);

    public static OperatorProcess StartExecutable(string executable, params string[] args)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var operatorProcess = new OperatorProcess(process);
        process.OutputDataReceived += (_, e) => operatorProcess.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => operatorProcess.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return operatorProcess;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > 200 && lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>SIGTERM, as the kubelet sends it, then waits for the exit.</summary>
    public async Task TerminateAsync(int seconds = 30)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the process (SIGKILL to its tree) and releases it; repeated calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        process.Dispose();
    }
}
