using System.Diagnostics;
using System.Globalization;

namespace Multi.Operator.Tests.Support;

/// <summary>The built operator (<c>Multi.Operator.dll</c>) running as a process of its own, as the Deployment runs it.</summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private int disposed;

    private OperatorProcess(Process process) => this.process = process;

    public int ExitCode => process.ExitCode;

    public static OperatorProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process);
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
