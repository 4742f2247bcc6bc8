using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>
/// VLANs against the kernel. Where the 8021q module is missing (as on the CI machine), the create is refused with the
/// typed "kernel lacks 8021q" error and the read-back test skips saying so; the golden-byte codec tests are then the
/// proof of the VLAN encoding.
/// </summary>
public sealed class VlanLinkTests
{
    [Fact]
    public async Task CreateLink_VlanWithoutKernelSupport_ThrowsTypedErrorNaming8021q()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var outcome = TryCreate(socket, out var link);
        Assert.SkipWhen(link is not null, "the kernel has VLAN support (8021q), so the missing-module error cannot be provoked here");

        Assert.Equal(NetlinkFailure.NotSupported, outcome!.Failure);
        Assert.Equal(95, outcome.Errno);
        Assert.Contains("create vlan link nl-vl100 failed: the kernel does not support link kind 'vlan' (kernel module 8021q", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateLink_Vlan8021ad_ReadsBackIdProtocolAndParent()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var outcome = TryCreate(socket, out var link);
        Assert.SkipWhen(
            outcome?.Failure == NetlinkFailure.NotSupported,
            $"the kernel lacks the 8021q module (VLAN links), so the VLAN round trip through the kernel cannot run; the codec golden tests cover VLAN encoding. Kernel answer: {outcome?.Message}");
        Assert.Null(outcome);

        Assert.Equal(new VlanAttributes(100, VlanProtocol.Dot1AD), link!.Vlan);
        Assert.Equal((LinkKinds.Vlan, socket.GetLink(NetlinkTestNamespace.Uplink)!.Index, 1400u), (link.Kind, link.ParentIndex, link.Mtu));
        Assert.Contains("vlan protocol 802.1ad id 100", await ns.IpAsync("-d", "link", "show", "nl-vl100"), StringComparison.Ordinal);
    }

    private static NetlinkException? TryCreate(RtNetlinkSocket socket, out LinkInfo? link)
    {
        var parent = socket.GetLink(NetlinkTestNamespace.Uplink)!;
        try
        {
            link = socket.CreateLink(new LinkSpec("nl-vl100", LinkKinds.Vlan) { ParentIndex = parent.Index, Mtu = 1400, Vlan = new VlanAttributes(100, VlanProtocol.Dot1AD) });
            return null;
        }
        catch (NetlinkException e)
        {
            link = null;
            return e;
        }
    }
}
