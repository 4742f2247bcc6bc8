using System.Buffers.Binary;
using System.Net;

namespace Multi.Operator.NodeAgent.Netlink;

internal static partial class LinkMessageDecoder
{
    private static VxlanAttributes DecodeVxlan(RtAttributeReader data)
    {
        var vxlan = new VxlanAttributes(0, 0);
        while (data.MoveNext())
        {
            vxlan = data.Type switch
            {
                IflaVxlan.Id => vxlan with { Vni = data.UInt32("IFLA_VXLAN_ID") },
                IflaVxlan.Port => vxlan with { Port = data.BigEndianUInt16("IFLA_VXLAN_PORT") },
                IflaVxlan.Link => vxlan with { ParentIndex = data.Int32("IFLA_VXLAN_LINK") },
                IflaVxlan.Local => vxlan with { Local = new IPAddress(data.Exactly("IFLA_VXLAN_LOCAL", 4)) },
                IflaVxlan.Local6 => vxlan with { Local = new IPAddress(data.Exactly("IFLA_VXLAN_LOCAL6", 16)) },
                IflaVxlan.Group => vxlan with { Group = new IPAddress(data.Exactly("IFLA_VXLAN_GROUP", 4)) },
                IflaVxlan.Group6 => vxlan with { Group = new IPAddress(data.Exactly("IFLA_VXLAN_GROUP6", 16)) },
                IflaVxlan.Learning => vxlan with { Learning = data.Byte("IFLA_VXLAN_LEARNING") != 0 },
                IflaVxlan.Ttl => vxlan with { Ttl = data.Byte("IFLA_VXLAN_TTL") },
                IflaVxlan.Ageing => vxlan with { AgeingSeconds = data.UInt32("IFLA_VXLAN_AGEING") },
                IflaVxlan.UdpChecksum => vxlan with { UdpChecksum = data.Byte("IFLA_VXLAN_UDP_CSUM") != 0 },
                IflaVxlan.PortRange => vxlan with { SourcePorts = DecodePortRange(data.Exactly("IFLA_VXLAN_PORT_RANGE", 4)) },
                _ => vxlan,
            };
        }

        return vxlan;
    }

    private static VxlanPortRange DecodePortRange(ReadOnlySpan<byte> range) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(range), BinaryPrimitives.ReadUInt16BigEndian(range[2..]));
}
