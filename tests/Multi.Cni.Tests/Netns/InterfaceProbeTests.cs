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
}
