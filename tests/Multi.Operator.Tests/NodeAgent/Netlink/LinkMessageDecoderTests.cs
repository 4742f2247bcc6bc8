using System.Net;
using System.Net.NetworkInformation;
using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

public sealed class LinkMessageDecoderTests
{
    // A reply as the kernel writes it: ifinfomsg(ARPHRD_ETHER, index 7, UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP),
    // IFNAME "vl100\0", MTU 1500, LINK 2, OPERSTATE UP, ADDRESS, IFALIAS "multi/v1\0" (NUL-terminated), MASTER 9,
    // an unknown attribute 99, LINKINFO without NLA_F_NESTED { KIND "vlan\0", DATA { VLAN_ID 4094, VLAN_FLAGS (skipped), PROTOCOL 88a8 } }
    private const string KernelVlanReply =
        "00 00 0100 07000000 43100100 00000000 " +
        "0a00 0300 766c3130 30000000 " + "0800 0400 dc050000 " + "0800 0500 02000000 " + "0500 1000 06000000 " +
        "0a00 0100 020000000001 0000 " + "0d00 1400 6d756c74 692f7631 00000000 " + "0800 0a00 09000000 " + "0800 6300 ffffffff " +
        "3000 1200 0900 0100 766c616e 00000000 " + "2000 0200 0600 0100 fe0f 0000 0c00 0200 01000000 ffffffff 0600 0500 88a8 0000";

    // A veth: kind only, its peer in another namespace (LINK_NETNSID 0).
    private const string KernelVethReply =
        "00 00 0100 04000000 02100000 00000000 " +
        "0b00 0300 6e6c2d75 70300000 " + "0800 0500 05000000 " + "0800 2500 00000000 " +
        "1000 1200 0900 0100 76657468 00000000";

    // A vxlan with an IPv6 underlay: ID 7, GROUP6 ff02::1:2, LOCAL6 2001:db8::1, PORT 4789, LEARNING 1, TTL 0,
    // AGEING 300, PORT_RANGE 0-0, UDP_CSUM 1.
    private const string KernelVxlan6Reply =
        "00 00 0100 0b000000 00000000 00000000 " +
        "0800 0300 76783700 " +
        "7400 1200 0a00 0100 76786c61 6e000000 " +
        "6400 0200 0800 0100 07000000 1400 1000 ff020000000000000000000000010002 1400 1100 20010db8000000000000000000000001 " +
        "0600 0f00 12b5 0000 0500 0700 01000000 0500 0500 00000000 0800 0800 2c010000 0800 0a00 00000000 0500 1200 01000000";

    [Fact]
    public void Decode_KernelVlanReply_ReadsEveryAttribute()
    {
        var link = LinkMessageDecoder.Decode(Hex.Bytes(KernelVlanReply));
        Assert.Equal(
            new LinkInfo(7, "vl100")
            {
                Kind = LinkKinds.Vlan,
                Mtu = 1500,
                Flags = 0x11043,
                OperState = LinkOperState.Up,
                Alias = "multi/v1",
                ParentIndex = 2,
                MasterIndex = 9,
                Mac = PhysicalAddress.Parse("02-00-00-00-00-01"),
                Vlan = new VlanAttributes(4094, VlanProtocol.Dot1AD),
            },
            link);
        Assert.True(link.IsUp);
    }

    [Fact]
    public void Decode_Veth_ReadsKindOnlyAndPeerNamespace()
    {
        var link = LinkMessageDecoder.Decode(Hex.Bytes(KernelVethReply));
        Assert.Equal(new LinkInfo(4, "nl-up0") { Kind = "veth", Flags = 0x1002, ParentIndex = 5, ParentNetnsId = 0 }, link);
        Assert.False(link.IsUp);
    }

    [Fact]
    public void Decode_Vxlan6_ReadsAddressesPortAndOptions()
    {
        var link = LinkMessageDecoder.Decode(Hex.Bytes(KernelVxlan6Reply));
        Assert.Equal(
            new VxlanAttributes(7, 4789)
            {
                Group = IPAddress.Parse("ff02::1:2"),
                Local = IPAddress.Parse("2001:db8::1"),
                Learning = true,
                Ttl = 0,
                AgeingSeconds = 300,
                SourcePorts = new VxlanPortRange(0, 0),
                UdpChecksum = true,
            },
            link.Vxlan);
    }

    [Fact]
    public void Decode_OwnVlanCreateRequest_ReadsWhatWasWritten()
    {
        var frames = new NetlinkFrameReader(Hex.Bytes(LinkMessageEncoderTests.Vlan8021QCreate));
        Assert.True(frames.MoveNext());
        var link = LinkMessageDecoder.Decode(frames.Payload);
        Assert.Equal(new VlanAttributes(100, VlanProtocol.Dot1Q), link.Vlan);
        Assert.Equal((LinkKinds.Vlan, 2, true), (link.Kind, link.ParentIndex, link.IsUp));
        Assert.False(frames.MoveNext());
    }

    // The payloads iproute2 6.1 sends (strace -xx of `ip link add link nl-up0 name vl100 type vlan protocol 802.1ad id 100`
    // and `ip link add vx42 type vxlan id 42 dev nl-up0 local 10.0.0.1 remote 10.0.0.2 dstport 4789 nolearning`, nl-up0 = 3):
    // no NLA_F_NESTED, the kind without NUL, another attribute order. They must mean what this codec's requests mean.
    private const string Iproute2VlanRequest =
        "00000000 00000000 00000000 00000000 0800 0500 03000000 0a00 0300 766c3130 30000000 " +
        "2000 1200 0800 0100 766c616e 1400 0200 0600 0500 88a80000 0600 0100 64000000";

    private const string Iproute2VxlanRequest =
        "00000000 00000000 00000000 00000000 0900 0300 76783432 00000000 " +
        "4400 1200 0900 0100 76786c61 6e000000 3400 0200 0800 0300 03000000 0800 0100 2a000000 0800 0400 0a000001 " +
        "0800 0200 0a000002 0500 0700 00000000 0600 0f00 12b50000";

    [Theory]
    [InlineData("vlan")]
    [InlineData("vxlan")]
    public void Decode_Iproute2Request_MeansTheSameAsOurRequest(string kind)
    {
        var spec = kind == "vlan"
            ? new LinkSpec("vl100", LinkKinds.Vlan) { ParentIndex = 3, Vlan = new VlanAttributes(100, VlanProtocol.Dot1AD) }
            : LinkMessageEncoderTests.VxlanSpec with { Mtu = null, Alias = null, Vxlan = LinkMessageEncoderTests.VxlanSpec.Vxlan! with { ParentIndex = 3 } };
        var writer = new NetlinkWriter();
        LinkMessageEncoder.Create(writer, spec, 1);
        var ours = LinkMessageDecoder.Decode(writer.Written[NetlinkWriter.HeaderSize..]);

        var theirs = LinkMessageDecoder.Decode(Hex.Bytes(kind == "vlan" ? Iproute2VlanRequest : Iproute2VxlanRequest));

        Assert.Equal(theirs, ours);
    }

    [Theory]
    [InlineData("3c000000 0200 0003 09000000 7b000000 a1ffffff 58000000 1000 0506 09000000 00000000 1800 0100 556e6b6e6f776e20646576696365207479706500", 95, "Unknown device type")]
    [InlineData("24000000 0200 0001 09000000 7b000000 efffffff 58000000 1000 0506 09000000 00000000", 17, null)]
    [InlineData("24000000 0200 0001 09000000 7b000000 00000000 58000000 1000 0506 09000000 00000000", 0, null)]
    [InlineData("28000000 0200 0000 09000000 7b000000 edffffff 18000000 1000 0506 09000000 00000000 aabbccdd", 19, null)]
    public void DecodeError_Golden_ReadsErrnoAndKernelMessage(string golden, int errno, string? message)
    {
        var frames = new NetlinkFrameReader(Hex.Bytes(golden));
        Assert.True(frames.MoveNext());
        Assert.Equal(NetlinkMessageType.Error, frames.Header.Type);
        Assert.Equal(new NetlinkError(errno, message), NetlinkError.Decode(frames.Header, frames.Payload));
    }

    [Fact]
    public void DecodeEvents_DumpOfTwoMessagesAndDone_YieldsChangedAndDeleted()
    {
        var newLink = "4c000000 1000 0200 01000000 00000000 " + KernelVethReply;
        var delLink = "4c000000 1100 0200 01000000 00000000 " + KernelVethReply;
        var events = new List<LinkEvent>();
        LinkEventDecoder.Decode(Hex.Bytes(newLink + delLink + "14000000 0300 0200 01000000 00000000 00000000"), events);
        Assert.Collection(
            events,
            e => Assert.Equal("nl-up0", Assert.IsType<LinkChanged>(e).Link.Name),
            e => Assert.Equal(4, Assert.IsType<LinkDeleted>(e).Link.Index));
    }

    [Theory]
    [InlineData(17, "Exists", "EEXIST")]
    [InlineData(19, "NoSuchDevice", "ENODEV")]
    [InlineData(95, "NotSupported", "kernel module 8021q not loaded")]
    [InlineData(16, "Busy", "EBUSY")]
    [InlineData(22, "InvalidArgument", "EINVAL")]
    [InlineData(1, "PermissionDenied", "CAP_NET_ADMIN")]
    [InlineData(12, "Other", "errno 12")]
    public void NetlinkException_Errno_ClassifiesAndNamesOperationAndLink(int errno, string failure, string expected)
    {
        var error = new NetlinkException("create vlan link", "vl100-ab12", new NetlinkError(errno, "detail"), LinkKinds.Vlan);
        Assert.Equal(failure, error.Failure.ToString());
        Assert.StartsWith("create vlan link vl100-ab12 failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(": detail)", error.Message, StringComparison.Ordinal);
    }
}
