using System.Diagnostics;

namespace Multi.Cli.Tests.Support;

/// <summary>Runs the built tool, <c>dotnet multictl.dll</c> next to the test assembly, as a process.</summary>
internal static class Multictl
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "multictl.dll");

    public static async Task<CliRun> RunAsync(IEnumerable<string> args, string? stdin = null, Func<Task>? whileWaiting = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = string.Empty;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (whileWaiting is not null)
        {
            await whileWaiting();
        }

        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
