using System.Diagnostics;

namespace Multi.Cli.Tests.Support;

/// <summary>Runs the built tool, <c>dotnet multictl.dll</c> next to the test assembly, as a process.</summary>
internal static class Multictl
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "multictl.dll");

    /// <summary>Runs multictl; with <paramref name="prompt"/>, waits for that text on stderr, runs <paramref name="onPrompt"/>, then writes stdin.</summary>
    public static async Task<CliRun> RunAsync(IEnumerable<string> args, string? stdin = null, string? prompt = null, Func<Task>? onPrompt = null)
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
        var errors = new System.Text.StringBuilder();
        var stderr = Task.Run(async () =>
        {
            var buffer = new char[256];
            int read;
            while ((read = await process.StandardError.ReadAsync(buffer, ct)) > 0)
            {
                lock (errors)
                {
                    errors.Append(buffer, 0, read);
                }
            }
        }, ct);
        if (prompt is not null)
        {
            while (!Text(errors).Contains(prompt, StringComparison.Ordinal) && !process.HasExited)
            {
                await Task.Delay(20, ct);
            }

            if (onPrompt is not null)
            {
                await onPrompt();
            }
        }

        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        await stderr;
        return new CliRun(process.ExitCode, await stdout, Text(errors));
    }

    private static string Text(System.Text.StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
