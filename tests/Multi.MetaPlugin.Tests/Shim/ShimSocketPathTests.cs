using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Shim;

/// <summary>
/// Socket paths the shim's own libc client cannot use (no <see cref="System.Net.Sockets.Socket"/> to refuse them for it): each
/// falls back to in-process with a reason that names the problem.
/// </summary>
public sealed class ShimSocketPathTests
{
    [Fact]
    public async Task SocketPathTooLongForAnAddress_RunsInProcess()
    {
        using var run = new ShimRun();
        var path = Path.Combine(run.Dir, new string('s', 120) + ".sock");

        var result = await ShimRun.MultiAsync(ConfigWith(path));

        AssertInProcess(result, path, "the path is too long for a Unix socket");
    }

    [Fact]
    public async Task SocketPathIsARegularFile_RunsInProcess()
    {
        using var run = new ShimRun();
        File.WriteAllText(run.SocketPath, "not a socket");

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "connection refused: nobody is listening");
    }

    [Fact]
    public async Task SocketDirectoryMissing_RunsInProcess()
    {
        using var run = new ShimRun();
        var path = Path.Combine(run.Dir, "gone", "multi.sock");

        var result = await ShimRun.MultiAsync(ConfigWith(path));

        AssertInProcess(result, path, "no socket at that path");
    }

    /// <summary>The ELF type of the published binary: ET_EXEC (2). A PIE (ET_DYN) costs the loader ~140,000 relocations per start.</summary>
    [Fact]
    public void PublishedMulti_IsLinkedAtAFixedAddress()
    {
        var header = new byte[18];
        using (var file = File.OpenRead(RepoLayout.RequireMultiBinary()))
        {
            file.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        Assert.Equal(2, BitConverter.ToUInt16(header, 16));
    }

    private static string ConfigWith(string socket) =>
        $$"""{"cniVersion":"1.0.0","name":"shim-test","type":"multi","daemonSocket":"{{socket}}","delegateTimeoutSeconds":1}""";

    private static void AssertInProcess(CommandResult result, string socket, string reason)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(ShimRun.MultiInProcessError, result.Stdout, StringComparison.Ordinal);
        Assert.Equal($"multi: daemon {socket} not used ({reason}); running in-process", Assert.Single(ShimRun.FallbackLines(result)));
    }
}
