using System.Buffers.Binary;
using System.Net.Sockets;

namespace Multi.Operator.NodeAgent.Netlink;

internal static partial class LinkMessageEncoder
{
    private static void WriteVxlan(NetlinkWriter writer, VxlanAttributes vxlan)
    {
        var data = writer.BeginNested(IflaInfo.Data);
        writer.WriteUInt32(IflaVxlan.Id, vxlan.Vni);
        if (vxlan.ParentIndex is { } parent)
        {
            writer.WriteUInt32(IflaVxlan.Link, (uint)parent);
        }

        if (vxlan.Local is { } local)
        {
            writer.WriteAttribute(local.AddressFamily == AddressFamily.InterNetwork ? IflaVxlan.Local : IflaVxlan.Local6, local.GetAddressBytes());
        }

        if (vxlan.Group is { } group)
        {
            writer.WriteAttribute(group.AddressFamily == AddressFamily.InterNetwork ? IflaVxlan.Group : IflaVxlan.Group6, group.GetAddressBytes());
        }

        writer.WriteBigEndianUInt16(IflaVxlan.Port, vxlan.Port);
        WriteVxlanOptional(writer, vxlan);
        writer.EndNested(data);
    }

    private static void WriteVxlanOptional(NetlinkWriter writer, VxlanAttributes vxlan)
    {
        if (vxlan.Learning is { } learning)
        {
            writer.WriteByte(IflaVxlan.Learning, learning ? (byte)1 : (byte)0);
        }

        if (vxlan.Ttl is { } ttl)
        {
            writer.WriteByte(IflaVxlan.Ttl, ttl);
        }

        if (vxlan.AgeingSeconds is { } ageing)
        {
            writer.WriteUInt32(IflaVxlan.Ageing, ageing);
        }

        if (vxlan.SourcePorts is { } ports)
        {
            Span<byte> range = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16BigEndian(range, ports.Low);
            BinaryPrimitives.WriteUInt16BigEndian(range[2..], ports.High);
            writer.WriteAttribute(IflaVxlan.PortRange, range);
        }

        if (vxlan.UdpChecksum is { } checksum)
        {
            writer.WriteByte(IflaVxlan.UdpChecksum, checksum ? (byte)1 : (byte)0);
        }
    }
}
