using System.Diagnostics;
using System.Globalization;

namespace Multi.Operator.Tests.Support;

/// <summary>
/// A containerd of the test's own: its root, state and socket in a temporary directory, the CRI plugin off, so it
/// never meets the host's containerd or its images. <see cref="Ctr"/> talks to it in the namespace <c>multi-test</c>.
/// </summary>
internal sealed class PrivateContainerd : IAsyncDisposable
{
    public static readonly string? ContainerdBinary = Which("containerd");
    public static readonly string? CtrBinary = Which("ctr");
    public static readonly string? RuncBinary = Which("runc");

    private readonly Process process;

    private PrivateContainerd(Process process, string directory)
    {
        this.process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public string Socket => Path.Combine(Directory, "containerd.sock");

    /// <summary>overlayfs when the kernel has it, otherwise the native snapshotter (plain copies).</summary>
    public static string Snapshotter { get; } =
        File.Exists("/proc/filesystems") && File.ReadAllText("/proc/filesystems").Contains("\toverlay\n", StringComparison.Ordinal) ? "overlayfs" : "native";

    /// <summary>Why this machine cannot run containers, or null when it can.</summary>
    public static string? Missing()
    {
        if (Environment.UserName != "root")
        {
            return "containerd needs root (run scripts/test.sh)";
        }

        var missing = new[] { ("containerd", ContainerdBinary), ("ctr", CtrBinary), ("runc", RuncBinary) }.Where(b => b.Item2 is null).Select(b => b.Item1).ToList();
        return missing.Count == 0 ? null : $"{string.Join(", ", missing)} not on PATH (scripts/test.sh installs the Debian packages containerd and runc)";
    }

    /// <summary>Starts containerd and waits until it answers; throws with its log when it does not.</summary>
    public static async Task<PrivateContainerd> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("multi-ctrd-").FullName;
        var config = Path.Combine(directory, "config.toml");
        await File.WriteAllTextAsync(config, $"""
            version = 2
            root = "{directory}/root"
            state = "{directory}/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "{directory}/containerd.sock"
            """);
        var info = new ProcessStartInfo(ContainerdBinary!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(config);
        var log = Path.Combine(directory, "containerd.log");
        var process = Process.Start(info)!;
        var writer = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new PrivateContainerd(process, directory);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (File.Exists(daemon.Socket) && (await daemon.Ctr("version")).ExitCode == 0)
            {
                return daemon;
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await daemon.DisposeAsync();
        throw new InvalidOperationException($"containerd did not start; its log:\n{await File.ReadAllTextAsync(log)}");
    }

    public Task<ProcessRun> Ctr(params string[] args) =>
        ProcessRun.RunAsync(CtrBinary!, ["--address", Socket, "--namespace", "multi-test", .. args]);

    /// <summary>Stops containerd (SIGTERM, then SIGKILL) and removes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(CancellationToken.None);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A snapshot still mounted (a container that outlived the test) keeps its directory; /tmp is cleaned later.
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
