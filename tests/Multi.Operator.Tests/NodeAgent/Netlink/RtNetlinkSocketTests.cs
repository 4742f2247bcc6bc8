using System.Net;
using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>The request socket against the kernel, inside a throwaway namespace; <c>ip</c> is the independent witness.</summary>
public sealed class RtNetlinkSocketTests
{
    private const string Marker = "multi/v1 id=0123abcd spec=4567ef01";

    [Fact]
    public async Task CreateLink_VxlanOnVethUplink_ReadsBackEveryAttribute()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var uplink = socket.GetLink(NetlinkTestNamespace.Uplink)!;

        var link = socket.CreateLink(Vxlan("nl-vx4242", 4242, uplink.Index, "192.0.2.1", "192.0.2.2"));

        Assert.Equal(("nl-vx4242", LinkKinds.Vxlan, 1450u, true, Marker), (link.Name, link.Kind, link.Mtu, link.IsUp, link.Alias));
        Assert.Equal(4242u, link.Vxlan!.Vni);
        Assert.Equal((ushort)4789, link.Vxlan.Port);
        Assert.Equal(uplink.Index, link.Vxlan.ParentIndex);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), link.Vxlan.Local);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), link.Vxlan.Group);
        Assert.False(link.Vxlan.Learning);
        Assert.NotNull(link.Mac);
        var shown = await ns.IpAsync("-d", "link", "show", "nl-vx4242");
        Assert.Contains("vxlan id 4242 remote 192.0.2.2 local 192.0.2.1 dev nl-up0", shown, StringComparison.Ordinal);
        Assert.Contains("dstport 4789", shown, StringComparison.Ordinal);
        Assert.Contains("nolearning", shown, StringComparison.Ordinal);
        Assert.Contains("mtu 1450", shown, StringComparison.Ordinal);
        Assert.Contains("alias " + Marker, shown, StringComparison.Ordinal);
        Assert.Contains(link.Mac!.ToString().ToLowerInvariant(), shown.Replace(":", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateLink_Vxlan6_ReadsBackLocal6AndGroup6()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var uplink = socket.GetLink(NetlinkTestNamespace.Uplink)!;

        var link = socket.CreateLink(Vxlan("nl-vx6", 16777215, uplink.Index, "2001:db8::1", "2001:db8::2") with { Mtu = 1430 });

        Assert.Equal((16777215u, IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2")), (link.Vxlan!.Vni, link.Vxlan.Local, link.Vxlan.Group));
        Assert.Contains("vxlan id 16777215 remote 2001:db8::2 local 2001:db8::1 dev nl-up0", await ns.IpAsync("-d", "link", "show", "nl-vx6"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateLink_BridgeWithVxlanPort_MembershipVisibleAndReleasable()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var uplink = socket.GetLink(NetlinkTestNamespace.Uplink)!;

        var bridge = socket.CreateLink(new LinkSpec("nl-br0", LinkKinds.Bridge) { Up = true, Alias = Marker });
        var port = socket.CreateLink(Vxlan("nl-vx1", 1, uplink.Index, "192.0.2.1", "192.0.2.3") with { MasterIndex = bridge.Index });
        var late = socket.CreateLink(Vxlan("nl-vx2", 2, uplink.Index, "192.0.2.1", "192.0.2.4"));
        socket.ChangeLink(new LinkChange(late.Index) { MasterIndex = bridge.Index });

        Assert.Equal((LinkKinds.Bridge, Marker), (bridge.Kind, bridge.Alias));
        Assert.Equal(bridge.Index, port.MasterIndex);
        Assert.Equal(bridge.Index, socket.GetLink(late.Index)!.MasterIndex);
        var ports = await ns.IpAsync("-o", "link", "show", "master", "nl-br0");
        Assert.Contains("nl-vx1", ports, StringComparison.Ordinal);
        Assert.Contains("nl-vx2", ports, StringComparison.Ordinal);

        socket.ChangeLink(new LinkChange(port.Index) { MasterIndex = 0 });
        Assert.Null(socket.GetLink(port.Index)!.MasterIndex);
        Assert.DoesNotContain("nl-vx1", await ns.IpAsync("-o", "link", "show", "master", "nl-br0"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeLink_MtuStateAliasName_AppliedAndVisibleToIp()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var bridge = socket.CreateLink(new LinkSpec("nl-br0", LinkKinds.Bridge) { Up = true });

        socket.ChangeLink(new LinkChange(bridge.Index) { Mtu = 1400, Up = false, Alias = Marker });
        var changed = socket.GetLink(bridge.Index)!;
        Assert.Equal((1400u, false, Marker), (changed.Mtu, changed.IsUp, changed.Alias));
        var shown = await ns.IpAsync("link", "show", "nl-br0");
        Assert.Contains("mtu 1400", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(",UP", shown, StringComparison.Ordinal);

        socket.ChangeLink(new LinkChange(bridge.Index) { Up = true, Alias = string.Empty, Name = "nl-br1" });
        var renamed = socket.GetLink("nl-br1")!;
        Assert.Equal((bridge.Index, true, null, 1400u), (renamed.Index, renamed.IsUp, renamed.Alias, renamed.Mtu));
        Assert.Null(socket.GetLink("nl-br0"));
        Assert.Contains(",UP", await ns.IpAsync("link", "show", "nl-br1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeLink_VxlanLearningTtlAgeing_ChangedInPlace()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var uplink = socket.GetLink(NetlinkTestNamespace.Uplink)!;
        var link = socket.CreateLink(Vxlan("nl-vx7", 7, uplink.Index, "192.0.2.1", "192.0.2.7"));

        socket.ChangeLink(new LinkChange(link.Index) { Vxlan = new VxlanChange { Learning = true, Ttl = 64, AgeingSeconds = 600 } });

        var changed = socket.GetLink(link.Index)!.Vxlan!;
        Assert.Equal((true, (byte)64, 600u), (changed.Learning, changed.Ttl, changed.AgeingSeconds));
        Assert.Equal(link.Vxlan! with { Learning = true, Ttl = 64, AgeingSeconds = 600 }, changed);
        Assert.Contains("ttl 64 ageing 600", await ns.IpAsync("-d", "link", "show", "nl-vx7"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListLinks_AfterCreateAndDelete_ListsExactlyTheLinksIpLists()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var uplink = socket.GetLink(NetlinkTestNamespace.Uplink)!;
        var bridge = socket.CreateLink(new LinkSpec("nl-br0", LinkKinds.Bridge));
        _ = socket.CreateLink(Vxlan("nl-vx9", 9, uplink.Index, "192.0.2.1", "192.0.2.9"));

        var names = socket.ListLinks().Select(l => l.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["lo", "nl-br0", "nl-up0", "nl-up1", "nl-vx9"], names);
        var veth = socket.ListLinks().Single(l => l.Name == NetlinkTestNamespace.Uplink);
        Assert.Equal(("veth", socket.GetLink(NetlinkTestNamespace.UplinkPeer)!.Index), (veth.Kind, veth.ParentIndex));

        socket.DeleteLink(bridge.Index);
        Assert.Null(socket.GetLink(bridge.Index));
        Assert.DoesNotContain("nl-br0", await ns.IpAsync("-o", "link", "show"), StringComparison.Ordinal);
        Assert.Equal(4, socket.ListLinks().Count);
    }

    [Fact]
    public async Task ListLinks_TwoHundredVxlans_DumpSpansDatagramsAndListsAll()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        var uplink = socket.GetLink(NetlinkTestNamespace.Uplink)!;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (uint vni = 1; vni <= 200; vni++)
        {
            _ = socket.CreateLink(Vxlan($"nl-vx{vni}", vni, uplink.Index, "192.0.2.1", "192.0.2.2"));
        }

        var created = watch.Elapsed;

        // About 1 KiB per link (with statistics): the kernel's dump datagrams (32 KiB at most) carry a few dozen each.
        watch.Restart();
        var links = socket.ListLinks();
        var listed = watch.Elapsed;

        var vnis = links.Where(l => l.Kind == LinkKinds.Vxlan).Select(l => (l.Name, l.Vxlan!.Vni)).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => ($"nl-vx{i}", (uint)i)).Order().ToArray(), vnis);
        Assert.All(links.Where(l => l.Kind == LinkKinds.Vxlan), l => Assert.Equal(Marker, l.Alias));
        TestContext.Current.TestOutputHelper?.WriteLine($"200 vxlan creates (create, alias, read back): {created.TotalMilliseconds:F0} ms; dump of {links.Count} links: {listed.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task Requests_KernelRefusals_AreTypedAndNameOperationAndLink()
    {
        await using var ns = await NetlinkTestNamespace.CreateAsync();
        using var socket = RtNetlinkSocket.OpenIn(ns.Path);
        _ = socket.CreateLink(new LinkSpec("nl-br0", LinkKinds.Bridge));

        var exists = Assert.Throws<NetlinkException>(() => socket.CreateLink(new LinkSpec("nl-br0", LinkKinds.Bridge)));
        Assert.Equal((NetlinkFailure.Exists, 17, "nl-br0"), (exists.Failure, exists.Errno, exists.Link));
        Assert.StartsWith("create bridge link nl-br0 failed: a link with that name or identity exists (EEXIST", exists.Message, StringComparison.Ordinal);

        var gone = Assert.Throws<NetlinkException>(() => socket.DeleteLink(99_999));
        Assert.Equal(NetlinkFailure.NoSuchDevice, gone.Failure);
        Assert.StartsWith("delete link #99999 failed:", gone.Message, StringComparison.Ordinal);

        var change = Assert.Throws<NetlinkException>(() => socket.ChangeLink(new LinkChange(99_999) { Mtu = 1400 }));
        Assert.Equal(NetlinkFailure.NoSuchDevice, change.Failure);
        Assert.Contains("#99999 (mtu 1400)", change.Message, StringComparison.Ordinal);

        var parentless = Assert.Throws<NetlinkException>(() => socket.CreateLink(Vxlan("nl-vx1", 1, 99_999, "192.0.2.1", "192.0.2.2")));
        Assert.Equal(NetlinkFailure.NoSuchDevice, parentless.Failure);

        Assert.Null(socket.GetLink("nl-none"));
        Assert.Null(socket.GetLink(99_999));
    }

    [Fact]
    public void Open_CallingThreadsNamespace_SeesLoopbackUntilDisposed()
    {
        var socket = RtNetlinkSocket.Open();
        var loopback = socket.GetLink("lo");
        Assert.Equal((1, "lo", (string?)null), (loopback!.Index, loopback.Name, loopback.Kind));
        Assert.Contains(socket.ListLinks(), l => l.Name == "lo");

        socket.Dispose();

        Assert.Throws<ObjectDisposedException>(() => socket.GetLink("lo"));
    }

    [Fact]
    public void OpenIn_MissingNamespace_ThrowsNamingThePath()
    {
        var error = Assert.Throws<IOException>(() => RtNetlinkSocket.OpenIn("/var/run/netns/nl-missing-x"));
        Assert.Contains("/var/run/netns/nl-missing-x", error.Message, StringComparison.Ordinal);
        Assert.Contains("ENOENT", error.Message, StringComparison.Ordinal);
    }

    internal static LinkSpec Vxlan(string name, uint vni, int parent, string local, string remote) => new(name, LinkKinds.Vxlan)
    {
        Mtu = 1450,
        Up = true,
        Alias = Marker,
        Vxlan = new VxlanAttributes(vni, 4789) { ParentIndex = parent, Local = IPAddress.Parse(local), Group = IPAddress.Parse(remote), Learning = false },
    };
}
