using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary><c>struct nlmsghdr</c>: total length (header included), type, flags, sequence number and sender port id.</summary>
internal readonly record struct NetlinkHeader(uint Length, ushort Type, ushort Flags, uint Sequence, uint PortId)
{
    public bool HasFlag(ushort flag) => (Flags & flag) == flag;

    public static NetlinkHeader Read(ReadOnlySpan<byte> bytes) => new(
        MemoryMarshal.Read<uint>(bytes),
        MemoryMarshal.Read<ushort>(bytes[4..]),
        MemoryMarshal.Read<ushort>(bytes[6..]),
        MemoryMarshal.Read<uint>(bytes[8..]),
        MemoryMarshal.Read<uint>(bytes[12..]));
}
