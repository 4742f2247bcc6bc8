using CsCheck;
using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>Truncated, overlong and garbage input is a <see cref="NetlinkDecodeException"/> naming the fault; nothing else escapes.</summary>
public sealed class NetlinkHostileInputTests
{
    private const string Ifinfo = "00 00 0100 07000000 00000000 00000000 ";
    private const string Name = "0800 0300 62723000 ";

    public static TheoryData<string, string> Datagrams() => new()
    {
        { "0a000000 1000 0000 0100", "10 trailing bytes at offset 0, shorter than a message header" },
        { "00000000 1000 0000 01000000 00000000", "declares length 0" },
        { "08000000 1000 0000 01000000 00000000", "declares length 8" },
        { "c8000000 1000 0000 01000000 00000000", "declares length 200, but 16 bytes remain" },
        { "18000000 1000 0000 01000000 00000000 00000000 00000000", "link message of 8 payload bytes, shorter than ifinfomsg (16)" },
        { "24000000 1000 0000 01000000 00000000 " + Ifinfo + "0200 0300", "attribute 3 at offset 0 declares length 2" },
        { "28000000 1000 0000 01000000 00000000 " + Ifinfo + "6400 0300 62723000", "attribute 3 at offset 0 declares length 100, but 8 bytes remain" },
        { "2a000000 1000 0000 01000000 00000000 " + Ifinfo + Name + "0000", "2 trailing bytes at offset 8" },
        { "30000000 1000 0000 01000000 00000000 " + Ifinfo + Name + "0600 0400 dc05 0000", "IFLA_MTU: 2 bytes where 4 are expected" },
        { "28000000 1000 0000 01000000 00000000 " + Ifinfo + "0800 0400 dc050000", "link 7: message has no IFLA_IFNAME" },
        { "38000000 1000 0000 01000000 00000000 " + Ifinfo + Name + "1000 1200 0e00 0200 0800 0100 0a000000", "link 7/IFLA_LINKINFO: attribute 2 at offset 0 declares length 14, but 12 bytes remain" },
        {
            "4c000000 1000 0000 01000000 00000000 " + Ifinfo + Name + "2400 1200 0a00 0100 76786c61 6e000000 1400 0200 0900 0400 0a000001 01000000 0400 0f00",
            "IFLA_VXLAN_LOCAL: 5 bytes where 4 are expected"
        },
        {
            "40000000 1000 0000 01000000 00000000 " + Ifinfo + Name + "1800 1200 0900 0100 766c616e 00000000 0800 0200 ff00 0100",
            "link 7/IFLA_INFO_DATA: attribute 1 at offset 0 declares length 255"
        },
    };

    [Theory]
    [MemberData(nameof(Datagrams))]
    public void DecodeEvents_HostileDatagram_ThrowsDecodeErrorNamingTheFault(string hex, string expected)
    {
        var error = Assert.Throws<NetlinkDecodeException>(() => LinkEventDecoder.Decode(Hex.Bytes(hex), new List<LinkEvent>()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("14000000 0200 0000 01000000 00000000 ffffffff", "shorter than errno and the echoed header")]
    [InlineData("24000000 0200 0000 01000000 00000000 05000000 10000000 1000 0000 01000000 00000000", "positive error code 5")]
    [InlineData("28000000 0200 0002 01000000 00000000 efffffff ff000000 1000 0000 01000000 00000000 0000 0000", "echoes a request of 255 bytes")]
    [InlineData("2c000000 0200 0003 01000000 00000000 efffffff 10000000 1000 0000 01000000 00000000 4000 0100 4142 0000", "NLMSG_ERROR: attribute 1 at offset 0 declares length 64")]
    public void DecodeError_Hostile_ThrowsDecodeError(string hex, string expected)
    {
        var frames = new NetlinkFrameReader(Hex.Bytes(hex));
        Assert.True(frames.MoveNext());
        var header = frames.Header;
        var payload = frames.Payload.ToArray();
        var error = Assert.Throws<NetlinkDecodeException>(() => NetlinkError.Decode(header, payload));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeEvents_RandomBytes_DecodesOrThrowsDecodeErrorOnly()
    {
        Gen.Byte.Array[0, 400].Sample(DecodesOrFailsCleanly, iter: 20_000);
    }

    [Fact]
    public void DecodeEvents_MutatedValidMessages_DecodesOrThrowsDecodeErrorOnly()
    {
        var valid = Hex.Bytes(LinkMessageEncoderTests.VxlanCreate).Concat(Hex.Bytes(LinkMessageEncoderTests.Vlan8021QCreate)).ToArray();
        var edits = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, 3]).Array[1, 6];
        edits.Sample(
            list =>
            {
                var bytes = new List<byte>(valid);
                foreach (var (at, value, kind) in list)
                {
                    var i = at % Math.Max(bytes.Count, 1);
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0: bytes[i] = value; break;
                        case 1: bytes.Insert(i, value); break;
                        case 2 when bytes.Count > 0: bytes.RemoveAt(i); break;
                        default: bytes.RemoveRange(i, bytes.Count - i); break;
                    }
                }

                DecodesOrFailsCleanly(bytes.ToArray());
            },
            iter: 20_000);
    }

    private static void DecodesOrFailsCleanly(byte[] bytes)
    {
        try
        {
            LinkEventDecoder.Decode(bytes, new List<LinkEvent>());
            var frames = new NetlinkFrameReader(bytes);
            while (frames.MoveNext())
            {
                _ = NetlinkError.Decode(frames.Header, frames.Payload);
            }
        }
        catch (NetlinkDecodeException)
        {
        }
    }
}
