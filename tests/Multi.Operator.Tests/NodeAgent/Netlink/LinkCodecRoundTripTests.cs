using System.Net;
using System.Net.NetworkInformation;
using CsCheck;
using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>Whatever a <see cref="LinkSpec"/> says, the create request decodes back to the same attributes.</summary>
public sealed class LinkCodecRoundTripTests
{
    private static readonly Gen<string> Names = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_."].Array[1, 15]
        .Select(c => new string(c)).Where(n => n is not "." and not "..");

    private static readonly Gen<string?> Aliases = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (1, Gen.Const((string?)string.Empty)),
        (3, Gen.Char[' ', '~'].Array[1, 255].Select(c => (string?)new string(c))));

    private static readonly Gen<IPAddress> V4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
    private static readonly Gen<IPAddress> V6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));

    private static readonly Gen<VxlanAttributes> Vxlans =
        from vni in Gen.UInt[1, 0xFFFFFF]
        from port in Gen.UShort[1, ushort.MaxValue]
        from parent in Maybe(Gen.Int[1, int.MaxValue])
        from v6 in Gen.Bool
        from local in (v6 ? V6 : V4).Null()
        from groupAddress in (v6 ? V6 : V4).Null()
        from learning in Maybe(Gen.Bool)
        from ttl in Maybe(Gen.Byte)
        from ageing in Maybe(Gen.UInt)
        from low in Gen.UShort
        from high in Gen.UShort[low, ushort.MaxValue]
        from ranged in Gen.Bool
        from checksum in Maybe(Gen.Bool)
        select new VxlanAttributes(vni, port)
        {
            ParentIndex = parent,
            Local = local,
            Group = groupAddress,
            Learning = learning,
            Ttl = ttl,
            AgeingSeconds = ageing,
            SourcePorts = ranged ? new VxlanPortRange(low, high) : null,
            UdpChecksum = checksum,
        };

    private static readonly Gen<LinkSpec> Specs =
        from name in Names
        from kind in Gen.OneOf(LinkKinds.Vlan, LinkKinds.Vxlan, LinkKinds.Bridge)
        from mtu in Maybe(Gen.UInt)
        from up in Gen.Bool
        from alias in Aliases
        from parent in Gen.Int[1, int.MaxValue]
        from master in Maybe(Gen.Int[0, int.MaxValue])
        from mac in Gen.Byte.Array[6].Select(b => new PhysicalAddress(b)).Null()
        from vlanId in Gen.UShort[1, 4094]
        from protocol in Gen.OneOf(VlanProtocol.Dot1Q, VlanProtocol.Dot1AD)
        from vxlan in Vxlans
        select new LinkSpec(name, kind)
        {
            Mtu = mtu,
            Up = up,
            Alias = alias,
            ParentIndex = kind == LinkKinds.Vlan ? parent : null,
            MasterIndex = master,
            Mac = mac,
            Vlan = kind == LinkKinds.Vlan ? new VlanAttributes(vlanId, protocol) : null,
            Vxlan = kind == LinkKinds.Vxlan ? vxlan : null,
        };

    private static Gen<T?> Maybe<T>(Gen<T> values)
        where T : struct => Gen.Frequency((1, Gen.Const((T?)null)), (2, values.Select(v => (T?)v)));

    [Fact]
    public void CreateThenDecode_AnySpec_ReadsBackTheSameAttributes()
    {
        Specs.Sample(
            spec =>
            {
                var writer = new NetlinkWriter();
                LinkMessageEncoder.Create(writer, spec, 42);
                var frames = new NetlinkFrameReader(writer.Written);
                Assert.True(frames.MoveNext());
                Assert.Equal((NetlinkMessageType.NewLink, 42u, (int)frames.Header.Length), (frames.Header.Type, frames.Header.Sequence, writer.Written.Length));
                var link = LinkMessageDecoder.Decode(frames.Payload);
                var expected = new LinkInfo(0, spec.Name)
                {
                    Kind = spec.Kind,
                    Mtu = spec.Mtu ?? 0,
                    Flags = spec.Up ? 1u : 0u,
                    Alias = spec.Alias,
                    ParentIndex = spec.ParentIndex,
                    MasterIndex = spec.MasterIndex,
                    Mac = spec.Mac,
                    Vlan = spec.Vlan,
                    Vxlan = spec.Vxlan,
                };
                Assert.Equal(expected, link);
                Assert.False(frames.MoveNext());
            },
            iter: 5_000);
    }

    [Fact]
    public void ChangeThenDecode_AnyChange_ReadsBackIndexFlagsAndValues()
    {
        var changes =
            from index in Gen.Int[1, int.MaxValue]
            from name in Names
            from mtu in Maybe(Gen.UInt)
            from up in Maybe(Gen.Bool)
            from alias in Aliases
            from master in Maybe(Gen.Int[0, int.MaxValue])
            select new LinkChange(index) { Name = name, Mtu = mtu, Up = up, Alias = alias, MasterIndex = master };
        changes.Sample(
            change =>
            {
                var writer = new NetlinkWriter();
                LinkMessageEncoder.Change(writer, change, 1);
                var frames = new NetlinkFrameReader(writer.Written);
                Assert.True(frames.MoveNext());
                var link = LinkMessageDecoder.Decode(frames.Payload);
                Assert.Equal(
                    new LinkInfo(change.Index, change.Name!) { Mtu = change.Mtu ?? 0, Flags = change.Up == true ? 1u : 0u, Alias = change.Alias, MasterIndex = change.MasterIndex },
                    link);
                Assert.Equal(change.Up is null ? 0u : 1u, System.Runtime.InteropServices.MemoryMarshal.Read<uint>(frames.Payload[12..]));
            },
            iter: 2_000);
    }
}
