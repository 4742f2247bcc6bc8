using System.Diagnostics;

namespace Multi.Sandbox.Host;

/// <summary>The result of a host command.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the command and its stderr when it failed.</summary>
    public CommandResult EnsureSuccess() => Succeeded
        ? this
        : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}: {Stderr.Trim()}{(Stdout.Length > 0 ? " / " + Stdout.Trim() : string.Empty)}");
}

/// <summary>Runs host programs (ip, ping, CNI plugins) with arguments, environment and stdin.</summary>
internal static class HostCommand
{
    public static async Task<CommandResult> RunAsync(
        string file,
        IEnumerable<string> args,
        byte[]? stdin = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var display = $"{file} {string.Join(' ', info.ArgumentList)}";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {display}");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            try
            {
                if (stdin is not null)
                {
                    await process.StandardInput.BaseStream.WriteAsync(stdin, cts.Token).ConfigureAwait(false);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // EPIPE: the program exited without reading its input (Go plugins do for VERSION); its exit code tells.
            }

            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{display}` did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
        }

        var result = new CommandResult(display, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), watch.Elapsed);
        return result;
    }

    public static Task<CommandResult> RunAsync(string file, params string[] args) => RunAsync(file, args, null);

    /// <summary>Whether this process may create network namespaces (effective UID 0).</summary>
    public static bool IsRoot => Environment.UserName == "root" || GetEuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
