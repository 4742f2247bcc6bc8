using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Daemon;

/// <summary>
/// The daemon as the image ships it: the NativeAOT agent executable (<c>artifacts/image/agent/Multi.Operator</c>, the
/// operator published for agent mode only by <c>scripts/image.sh</c>, which <c>scripts/test.sh</c> runs before the tests), one pod attached and detached
/// through the published shim. The other thick-mode tests run the framework-dependent build of the same code.
/// </summary>
public sealed class ThickNativeDaemonTests : IAsyncLifetime
{
    private ThickNode thick = null!;

    private static string Executable => Path.Combine(RepoLayout.Root, "artifacts", "image", "agent", "Multi.Operator");

    public async ValueTask InitializeAsync() => thick = await ThickNode.CreateAsync();

    public async ValueTask DisposeAsync() => await thick.DisposeAsync();

    [Fact]
    public async Task NativeDaemon_ServesAddAndDel_WithOneApiRequestOnAdd()
    {
        Assert.SkipUnless(File.Exists(Executable), $"{Executable} is missing: run scripts/image.sh (scripts/test.sh does)");
        var daemon = await thick.StartDaemonAsync(executable: Executable);
        var (pod, netns) = await thick.PodAsync("native");
        var before = thick.Kube.Server.RequestCount;
        var add = await thick.AddAsync(pod, netns);
        Assert.True(add.Succeeded, add.Stdout + add.Stderr + daemon.Log);
        Assert.DoesNotContain("running in-process", add.Stderr, StringComparison.Ordinal);
        Assert.Contains("PATCH /api/v1/namespaces/default/pods/native/status", thick.RequestsSince(before));
        Assert.Equal(["eth0", "lo", "net1", "net2"], await ThickNode.LinksAsync(netns));

        before = thick.Kube.Server.RequestCount;
        var del = await thick.DelAsync(pod, netns);
        Assert.True(del.Succeeded, del.Stdout + del.Stderr);
        Assert.Empty(thick.RequestsSince(before));
        Assert.Equal(["lo"], await ThickNode.LinksAsync(netns));
        Assert.Equal(1, await daemon.MetricAsync("multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\",result=\"ok\"}"));
    }
}
