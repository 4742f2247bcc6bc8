using System.Text;
using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Tests.Shim;

/// <summary>The shim forwards to a daemon that answers, and prints the answer as its own; VERSION never leaves the process.</summary>
public sealed class ShimForwardTests
{
    [Fact]
    public async Task Multi_DaemonAnswers_PrintsItsStdoutStderrAndExitCodeAndForwardsTheRequestExactly()
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, new DaemonResponse(DaemonStatus.Answered, 3, """{"cniVersion":"1.0.0","from":"daemon"}"""u8.ToArray(), "daemon diagnostics\nsecond line\n"u8.ToArray()));

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("""{"cniVersion":"1.0.0","from":"daemon"}""", result.Stdout);
        Assert.Equal("daemon diagnostics\nsecond line\n", result.Stderr);
        var request = Assert.Single(daemon.Requests);
        Assert.Equal(DaemonPlugin.Multi, request.Plugin);
        Assert.Equal(ShimRun.Environment, request.Environment);
        Assert.Equal(Encoding.UTF8.GetBytes(run.MultiConfig), request.Stdin);
        daemon.AssertNoFailure();
    }

    [Fact]
    public async Task MultiIpam_DaemonAnswers_ForwardsAsMultiIpamAndPrintsTheAnswer()
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, new DaemonResponse(DaemonStatus.Answered, 0, """{"cniVersion":"1.0.0","ips":[]}"""u8.ToArray(), []));
        var env = ShimRun.Environment with { Command = "DEL", Args = null };

        var result = await ShimRun.IpamAsync(run.IpamConfig, env);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"cniVersion":"1.0.0","ips":[]}""", result.Stdout);
        Assert.Equal("", result.Stderr);
        var request = Assert.Single(daemon.Requests);
        Assert.Equal(DaemonPlugin.MultiIpam, request.Plugin);
        Assert.Equal(env, request.Environment);
        Assert.Equal(Encoding.UTF8.GetBytes(run.IpamConfig), request.Stdin);
        daemon.AssertNoFailure();
    }

    [Fact]
    public async Task Refused_PrintedAsIs()
    {
        using var run = new ShimRun();
        const string error = """{"cniVersion":"1.0.0","code":999,"msg":"the multi daemon serves root only"}""";
        await using var daemon = FakeDaemon.Start(run.SocketPath, new DaemonResponse(DaemonStatus.Refused, 1, Encoding.UTF8.GetBytes(error), "refused\n"u8.ToArray()));

        var result = await ShimRun.MultiAsync(run.MultiConfig);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(error, result.Stdout);
        Assert.Equal("refused\n", result.Stderr);
        Assert.Equal(1, daemon.Connections);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Version_NeverForwarded(bool ipam)
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, new DaemonResponse(DaemonStatus.Answered, 0, "{}"u8.ToArray(), []));
        var env = new CniEnvironment("VERSION", null, null, null, null, null);

        var result = ipam ? await ShimRun.IpamAsync(run.IpamConfig, env) : await ShimRun.MultiAsync(run.MultiConfig, env);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("""{"cniVersion":"1.0.0","supportedVersions":[""", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(ShimRun.FallbackLines(result));
        Assert.Equal(0, daemon.Connections);
    }

    /// <summary>A socket value the parsers refuse, or a document that is not valid JSON: in-process reports it, the daemon is not asked.</summary>
    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"multi","daemonSocket":"SOCKET","delegates":[{"type":"bridge"}]""", "\"code\":6")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"multi","daemonSocket":"SOCKET","daemonSocket":"SOCKET","delegates":[{"type":"bridge"}]}""", "\"code\":6")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"multi","daemonSocket":"SOCKET","delegateTimeoutSeconds":0,"delegates":[{"type":"bridge"}]}""", "delegateTimeoutSeconds")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"multi","daemonSocket":"run/multi.sock","delegates":[{"type":"bridge"}]}""", "must be an absolute path")]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"multi","daemonSocket":7,"delegates":[{"type":"bridge"}]}""", "daemonSocket")]
    public async Task Multi_UnusableConfiguration_InProcessErrorWithoutAskingTheDaemon(string stdin, string expected)
    {
        using var run = new ShimRun();
        await using var daemon = FakeDaemon.Start(run.SocketPath, new DaemonResponse(DaemonStatus.Answered, 0, "{}"u8.ToArray(), []));

        var result = await ShimRun.MultiAsync(stdin.Replace("SOCKET", run.SocketPath, StringComparison.Ordinal));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        Assert.Empty(ShimRun.FallbackLines(result));
        Assert.Equal(0, daemon.Connections);
    }
}
