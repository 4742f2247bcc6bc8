using Multi.Sandbox.ApiServer;

namespace Multi.MetaPlugin.Tests.Daemon;

/// <summary>
/// The daemon's credentials follow a rotated service-account token (node-daemon.md, section 4): the API server accepts only
/// the current token (and the test's own), the daemon's kubeconfig names a token file, and the file is rewritten with a new
/// token while the old one is revoked.
/// </summary>
public sealed class ThickTokenRotationTests : IAsyncLifetime
{
    private const string TestToken = "sandbox";
    private volatile string current = "token-one";
    private ThickNode thick = null!;

    public async ValueTask InitializeAsync() => thick = await ThickNode.CreateAsync(request =>
        request.Authorization == $"Bearer {current}" || request.Authorization == $"Bearer {TestToken}"
            ? null
            : ApiFault.Status(401, "Unauthorized", "Unauthorized"));

    public async ValueTask DisposeAsync() => await thick.DisposeAsync();

    [Fact]
    public async Task RotatedTokenFile_TheDaemonKeepsServingWithTheNewToken()
    {
        var tokenFile = Path.Combine(thick.Node.StateDir, "token");
        await File.WriteAllTextAsync(tokenFile, current, TestContext.Current.CancellationToken);
        var kubeconfig = Path.Combine(thick.Node.StateDir, "daemon.kubeconfig");
        var text = await File.ReadAllTextAsync(thick.Kube.Kubeconfig, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(kubeconfig, text.Replace($"token: {TestToken}", $"tokenFile: {tokenFile}", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var daemon = await thick.StartDaemonAsync(kubeconfig);
        var config = thick.Config(c => c["kubeconfig"] = kubeconfig);

        var (first, firstNetns) = await thick.PodAsync("before");
        var add = await thick.AddAsync(first, firstNetns, config);
        Assert.True(add.Succeeded, add.Stdout + add.Stderr + daemon.Log);
        Assert.DoesNotContain("running in-process", add.Stderr, StringComparison.Ordinal);

        // The kubelet writes the new projected token; the old one stops working.
        await File.WriteAllTextAsync(tokenFile + ".new", "token-two", TestContext.Current.CancellationToken);
        File.Move(tokenFile + ".new", tokenFile, overwrite: true);
        current = "token-two";

        var (second, secondNetns) = await thick.PodAsync("after");
        var before = thick.Kube.Server.RequestCount;
        var again = await thick.AddAsync(second, secondNetns, config);
        Assert.True(again.Succeeded, again.Stdout + again.Stderr + daemon.Log);
        Assert.DoesNotContain("running in-process", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("k8s.v1.cni.cncf.io/network-status", (await thick.Kube.ReadPodAsync("default", "after")).Metadata.Annotations.Keys);
        Assert.Contains(thick.Kube.Server.Requests, r => r.Sequence > before && r.Method == "PATCH" && r.Authorization == "Bearer token-two");
        Assert.True((await thick.DelAsync(second, secondNetns, config)).Succeeded);
        Assert.True((await thick.DelAsync(first, firstNetns, config)).Succeeded);
    }
}
