using System.Diagnostics;
using System.Text.Json.Nodes;
using Multi.Sandbox.Host;

namespace Multi.Testing;

/// <summary>The published <c>artifacts/cni/multi-ipam</c> run as a runtime runs it (<see cref="Exists"/> is false when it was not published).</summary>
internal static class IpamProcess
{
    public static string Binary => Path.Combine(RepoLayout.CniArtifacts, "multi-ipam");

    public static bool Exists => File.Exists(Binary);

    /// <summary>Node setup before the first ADD: <c>multi-ipam init-journal dir</c>.</summary>
    public static async Task InitJournalAsync(string dir, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("init-journal");
        start.ArgumentList.Add(dir);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"multi-ipam init-journal {dir} exited {process.ExitCode}: {await error}");
        }
    }

    /// <param name="killAfter">When set, the process is killed after this delay (an allocator dying mid-ADD); the exit code is then -1.</param>
    public static async Task<(int ExitCode, string Stdout)> RunAsync(string command, JsonObject config, string containerId, string node, string? cniArgs = null, TimeSpan? killAfter = null, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CNI_COMMAND"] = command;
        start.Environment["CNI_CONTAINERID"] = containerId;
        start.Environment["CNI_NETNS"] = "/var/run/netns/p";
        start.Environment["CNI_IFNAME"] = "net1";
        start.Environment["CNI_PATH"] = "/opt/cni/bin";
        start.Environment["NODE_NAME"] = node;
        if (cniArgs is not null)
        {
            start.Environment["CNI_ARGS"] = cniArgs;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardInput.WriteAsync(config.ToJsonString());
        process.StandardInput.Close();
        if (killAfter is { } delay)
        {
            await Task.Delay(delay, ct);
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            await process.WaitForExitAsync(ct);
            await Task.WhenAll(stdout, stderr);
            return (-1, await stdout);
        }

        await process.WaitForExitAsync(ct);
        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, await stdout);
    }
}
