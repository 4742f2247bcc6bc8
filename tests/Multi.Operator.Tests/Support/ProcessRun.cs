using System.Diagnostics;

namespace Multi.Operator.Tests.Support;

/// <summary>A finished process: its exit code and everything it wrote.</summary>
internal sealed record ProcessRun(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    /// <summary>Runs <paramref name="file"/> to its end (killed after <paramref name="seconds"/>), stdin closed.</summary>
    public static async Task<ProcessRun> RunAsync(string file, IEnumerable<string> args, int seconds = 120, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {seconds} s");
        }

        return new ProcessRun(process.ExitCode, await stdout, await stderr);
    }
}
