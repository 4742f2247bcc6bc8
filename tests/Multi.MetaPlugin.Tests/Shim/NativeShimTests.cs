using System.Text;
using Multi.Core.Daemon;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Shim;

/// <summary>
/// What the C shim (<c>Shim/native/multi-shim.c</c>) adds around the engine it execs: a configuration it does not read
/// exactly goes to the engine untouched (which then decides as it always has), a failed attempt at the daemon is not
/// repeated by the engine, the engine's arguments pass through, and a missing engine is a CNI error that names it.
/// </summary>
public sealed class NativeShimTests
{
    private static readonly DaemonResponse Answer = new(DaemonStatus.Answered, 0, """{"cniVersion":"1.0.0","from":"daemon"}"""u8.ToArray(), []);

    [Fact]
    public async Task EscapedKey_TheEngineReadsItAndForwards()
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, Answer);
        // "daemon\u0053ocket" is daemonSocket to a JSON reader; the C scan leaves escaped keys to the engine's reader.
        var config = run.MultiConfig.Replace("\"daemonSocket\"", "\"daemon\\u0053ocket\"", StringComparison.Ordinal);

        var result = await ShimRun.MultiAsync(config);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"cniVersion":"1.0.0","from":"daemon"}""", result.Stdout);
        Assert.Equal(Encoding.UTF8.GetBytes(config), Assert.Single(daemon.Requests).Stdin);
    }

    [Fact]
    public async Task DaemonUnusable_TriedOnceNotAgainByTheEngine()
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, Answer with { Status = DaemonStatus.Unavailable });

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        run.AssertMultiInProcess(result, "the daemon is busy or shutting down");
        Assert.Equal(1, daemon.Connections);
    }

    [Fact]
    public async Task LargeStdin_ReachesTheEngineWhole()
    {
        using var run = new ShimRun();
        // 300 KiB of padding in a member the scan skips: the engine must see the document byte for byte (its parser's error
        // for this configuration proves it parsed all of it, up to the closing brace).
        var padding = new string('x', 300 * 1024);
        var config = run.MultiConfig.Replace("\"type\":\"multi\"", $"\"type\":\"multi\",\"pad\":\"{padding}\"", StringComparison.Ordinal)
            .Replace($",\"daemonSocket\":\"{run.SocketPath}\"", string.Empty, StringComparison.Ordinal);

        var result = await ShimRun.MultiAsync(config);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(ShimRun.MultiInProcessError, result.Stdout, StringComparison.Ordinal);
        Assert.Empty(ShimRun.FallbackLines(result));
    }

    [Fact]
    public async Task EngineMissing_CniErrorNamingIt()
    {
        using var run = new ShimRun();
        var shim = Path.Combine(run.Dir, "multi");
        File.Copy(RepoLayout.RequireMultiBinary(), shim);
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await HostCommand.RunAsync(shim, [], Encoding.UTF8.GetBytes(run.MultiConfig), Variables("ADD"), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"code\":999", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"cannot run the engine {run.Dir}/multi-engine: No such file or directory", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_PassToTheEngine()
    {
        using var run = new ShimRun();
        var journal = Path.Combine(run.Dir, "journal");

        var result = await HostCommand.RunAsync(RepoLayout.RequireIpamBinary(), ["init-journal", journal], [], new Dictionary<string, string?>(), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.True(Directory.Exists(journal), result.Stderr);
    }

    private static Dictionary<string, string?> Variables(string command) => new()
    {
        ["CNI_COMMAND"] = command,
        ["CNI_CONTAINERID"] = "c1",
        ["CNI_NETNS"] = "/var/run/netns/shim-test",
        ["CNI_IFNAME"] = "eth0",
        ["CNI_PATH"] = "/usr/lib/cni",
    };
}
