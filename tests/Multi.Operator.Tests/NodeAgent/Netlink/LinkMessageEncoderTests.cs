using System.Net;
using System.Net.NetworkInformation;
using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>Requests against golden bytes laid out by hand from linux/netlink.h, linux/rtnetlink.h and linux/if_link.h.</summary>
public sealed class LinkMessageEncoderTests
{
    // nlmsghdr(len 88, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, seq 9, pid 0) ifinfomsg(index 0, flags UP, change UP)
    // IFLA_IFNAME "vl100\0", IFLA_LINK 2, IFLA_LINKINFO(nested){ KIND "vlan\0", DATA(nested){ VLAN_ID 100, VLAN_PROTOCOL be16 } }
    internal const string Vlan8021QCreate =
        "58000000 1000 0506 09000000 00000000 " + "00 00 0000 00000000 01000000 01000000 " +
        "0a00 0300 766c3130 30000000 " + "0800 0500 02000000 " +
        "2400 1280 0900 0100 766c616e 00000000 " + "1400 0280 0600 0100 6400 0000 0600 0500 8100 0000";

    // IFLA_IFNAME "vx42\0", IFLA_MTU 1450, IFLA_IFALIAS "multi/v1" (no NUL), LINKINFO{ KIND "vxlan\0",
    // DATA{ ID 42, LINK 2, LOCAL 10.0.0.1, GROUP 10.0.0.2, PORT be16 4789, LEARNING 0 } }
    internal const string VxlanCreate =
        "84000000 1000 0506 03000000 00000000 " + "00 00 0000 00000000 00000000 00000000 " +
        "0900 0300 76783432 00000000 " + "0800 0400 aa050000 " + "0c00 1400 6d756c74 692f7631 " +
        "4400 1280 0a00 0100 76786c61 6e000000 " +
        "3400 0280 0800 0100 2a000000 0800 0300 02000000 0800 0400 0a000001 0800 0200 0a000002 " +
        "0600 0f00 12b5 0000 0500 0700 00 000000";

    public static TheoryData<string, string> Requests() => new()
    {
        {
            "dump",
            "20000000 1200 0103 01000000 00000000 " + "00 00 0000 00000000 00000000 00000000"
        },
        {
            "get eth0",
            "2c000000 1200 0100 07000000 00000000 " + "00 00 0000 00000000 00000000 00000000 " + "0900 0300 65746830 00000000"
        },
        {
            "get #5",
            "20000000 1200 0100 07000000 00000000 " + "00 00 0000 05000000 00000000 00000000"
        },
        {
            "delete #5",
            "20000000 1100 0500 02000000 00000000 " + "00 00 0000 05000000 00000000 00000000"
        },
        {
            "change #3 mtu 1400 down alias m nomaster",
            "38000000 1000 0500 04000000 00000000 " + "00 00 0000 03000000 00000000 01000000 " +
            "0800 0400 78050000 " + "0800 0a00 00000000 " + "0500 1400 6d000000"
        },
        {
            "change #3 up, clear alias, rename br1",
            "2c000000 1000 0500 04000000 00000000 " + "00 00 0000 03000000 01000000 01000000 " +
            "0800 0300 62723100 " + "0400 1400"
        },
        {
            "change #3 vxlan learning ttl ageing",
            "4c000000 1000 0500 04000000 00000000 " + "00 00 0000 03000000 00000000 00000000 " +
            "2c00 1280 0a00 0100 76786c61 6e000000 " + "1c00 0280 0500 0700 01000000 0500 0500 40000000 0800 0800 58020000"
        },
        { "create vlan 802.1Q", Vlan8021QCreate },
        { "create vlan 802.1ad", Vlan8021QCreate.Replace("0600 0500 8100 0000", "0600 0500 88a8 0000", StringComparison.Ordinal) },
        { "create vxlan", VxlanCreate },
        {
            "create bridge",
            "38000000 1000 0506 01000000 00000000 " + "00 00 0000 00000000 00000000 00000000 " +
            "0800 0300 62723000 " + "1000 1280 0b00 0100 62726964 67650000"
        },
        {
            "create bridge with mac and master",
            "4c000000 1000 0506 01000000 00000000 " + "00 00 0000 00000000 00000000 00000000 " +
            "0800 0300 62723000 " + "0800 0a00 07000000 " + "0a00 0100 020000000001 0000 " + "1000 1280 0b00 0100 62726964 67650000"
        },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Encode_Request_MatchesGoldenBytes(string request, string golden)
    {
        var writer = new NetlinkWriter();
        Encode(writer, request);
        Assert.Equal(Hex.Of(Hex.Bytes(golden)), Hex.Of(writer.Written));
    }

    [Theory]
    [InlineData("", "1–15 bytes")]
    [InlineData("sixteen-bytes-xx", "1–15 bytes")]
    [InlineData("a/b", "no '/'")]
    [InlineData("a b", "whitespace")]
    [InlineData("..", "not '.' or '..'")]
    public void Create_InvalidName_ThrowsNamingTheRule(string name, string rule)
    {
        var error = Assert.Throws<ArgumentException>(() => LinkMessageEncoder.Create(new NetlinkWriter(), new LinkSpec(name, LinkKinds.Bridge), 1));
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LinkKinds.Vlan, 0, "ID in 1–4094 (got 0)")]
    [InlineData(LinkKinds.Vlan, 4095, "ID in 1–4094 (got 4095)")]
    [InlineData(LinkKinds.Vxlan, 0, "VNI in 1–16777215 (got 0)")]
    [InlineData(LinkKinds.Vxlan, 16777216, "VNI in 1–16777215 (got 16777216)")]
    [InlineData(LinkKinds.Vlan, -1, "kind vlan needs exactly its own attributes")]
    public void Create_InvalidIdentity_ThrowsNamingTheValue(string kind, int id, string expected)
    {
        var spec = new LinkSpec("x1", kind) { ParentIndex = 2 };
        spec = (kind, id) switch
        {
            (LinkKinds.Vlan, -1) => spec,
            (LinkKinds.Vlan, _) => spec with { Vlan = new VlanAttributes((ushort)id) },
            _ => spec with { Vxlan = new VxlanAttributes((uint)id, 4789) },
        };
        var error = Assert.Throws<ArgumentException>(() => LinkMessageEncoder.Create(new NetlinkWriter(), spec, 1));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_VxlanLocalAndGroupOfDifferentFamilies_Throws()
    {
        var spec = new LinkSpec("vx1", LinkKinds.Vxlan) { Vxlan = new VxlanAttributes(1, 4789) { Local = IPAddress.Parse("10.0.0.1"), Group = IPAddress.Parse("ff02::1") } };
        var error = Assert.Throws<ArgumentException>(() => LinkMessageEncoder.Create(new NetlinkWriter(), spec, 1));
        Assert.Contains("different address families", error.Message, StringComparison.Ordinal);
    }

    private static void Encode(NetlinkWriter writer, string request)
    {
        switch (request)
        {
            case "dump": LinkMessageEncoder.Dump(writer, 1); break;
            case "get eth0": LinkMessageEncoder.Get(writer, "eth0", 7); break;
            case "get #5": LinkMessageEncoder.Get(writer, 5, 7); break;
            case "delete #5": LinkMessageEncoder.Delete(writer, 5, 2); break;
            case "change #3 mtu 1400 down alias m nomaster":
                LinkMessageEncoder.Change(writer, new LinkChange(3) { Mtu = 1400, Up = false, Alias = "m", MasterIndex = 0 }, 4);
                break;
            case "change #3 up, clear alias, rename br1":
                LinkMessageEncoder.Change(writer, new LinkChange(3) { Up = true, Alias = string.Empty, Name = "br1" }, 4);
                break;
            case "change #3 vxlan learning ttl ageing":
                LinkMessageEncoder.Change(writer, new LinkChange(3) { Vxlan = new VxlanChange { Learning = true, Ttl = 64, AgeingSeconds = 600 } }, 4);
                break;
            case "create vlan 802.1Q":
                LinkMessageEncoder.Create(writer, new LinkSpec("vl100", LinkKinds.Vlan) { Up = true, ParentIndex = 2, Vlan = new VlanAttributes(100) }, 9);
                break;
            case "create vlan 802.1ad":
                LinkMessageEncoder.Create(writer, new LinkSpec("vl100", LinkKinds.Vlan) { Up = true, ParentIndex = 2, Vlan = new VlanAttributes(100, VlanProtocol.Dot1AD) }, 9);
                break;
            case "create vxlan": LinkMessageEncoder.Create(writer, VxlanSpec, 3); break;
            case "create bridge": LinkMessageEncoder.Create(writer, new LinkSpec("br0", LinkKinds.Bridge), 1); break;
            case "create bridge with mac and master":
                LinkMessageEncoder.Create(writer, new LinkSpec("br0", LinkKinds.Bridge) { MasterIndex = 7, Mac = PhysicalAddress.Parse("02-00-00-00-00-01") }, 1);
                break;
            default: throw new ArgumentException(request);
        }
    }

    internal static LinkSpec VxlanSpec => new("vx42", LinkKinds.Vxlan)
    {
        Mtu = 1450,
        Alias = "multi/v1",
        Vxlan = new VxlanAttributes(42, 4789) { ParentIndex = 2, Local = IPAddress.Parse("10.0.0.1"), Group = IPAddress.Parse("10.0.0.2"), Learning = false },
    };
}
