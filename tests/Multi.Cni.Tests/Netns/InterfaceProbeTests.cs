using Multi.Cni.Netns;
using Multi.Sandbox.Host;

namespace Multi.Cni.Tests.Netns;

public sealed class InterfaceProbeTests
{
    [Fact]
    public async Task Exists_TellsInterfacesOfAnotherNamespaceApart()
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the test creates a network namespace and enters it");
        await using var pod = await NetworkNamespace.CreateAsync("mtprobe" + Guid.NewGuid().ToString("N")[..6]);
        await pod.IpAsync("link", "add", "net1", "type", "veth", "peer", "name", "peer1");
        var probe = new NetnsInterfaceProbe();

        Assert.True(probe.Exists(pod.Path, "net1"));
        Assert.True(probe.Exists(pod.Path, "lo"));
        Assert.False(probe.Exists(pod.Path, "net2"));
        Assert.Null(probe.Exists("/var/run/netns/no-such-namespace", "net1"));
        Assert.False(probe.Exists("/proc/self/ns/net", "peer1")); // the test's own namespace never saw the pod's links
    }

    [Fact]
    public async Task Probes_ShareOneThread_ThatLeavesNoNamespaceAlive()
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the test creates network namespaces and enters them");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var other = await NetworkNamespace.CreateAsync("mtprobo" + suffix);
        var pod = await NetworkNamespace.CreateAsync("mtprobp" + suffix);
        var hostEnd = "mtph" + suffix;
        await HostCommand.RunAsync("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "net1", "netns", pod.Name);
        var probe = new NetnsInterfaceProbe();
        Assert.True(probe.Exists(pod.Path, "net1")); // the thread exists from here on
        var starts = NamespaceThread.Starts;

        for (var i = 0; i < 10; i++)
        {
            Assert.True(probe.Exists(pod.Path, "net1"));
            Assert.False(probe.Exists(other.Path, "net1"));
            Assert.NotNull(probe.ReadMac(pod.Path, "net1"));
        }

        Assert.Equal(starts, NamespaceThread.Starts);
        Assert.True(await HostLinkExistsAsync(hostEnd));

        // The pod's namespace deleted: its veth end goes with it, and with it the host end, unless a thread is still in it.
        await pod.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await HostLinkExistsAsync(hostEnd) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.False(await HostLinkExistsAsync(hostEnd), "the pod's namespace outlived its deletion: a probe thread stayed in it");
    }

    private static async Task<bool> HostLinkExistsAsync(string name) =>
        (await HostCommand.RunAsync("ip", "link", "show", "dev", name)).ExitCode == 0;
}
