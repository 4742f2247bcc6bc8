using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Walks the <c>rtattr</c>s of a span. Every length is checked against the bytes that remain, so a hostile length is a
/// <see cref="NetlinkDecodeException"/> naming the attribute, never a read past the end or a loop that does not advance.
/// The type has <c>NLA_F_NESTED</c> and <c>NLA_F_NET_BYTEORDER</c> masked off.
/// </summary>
internal ref struct RtAttributeReader(ReadOnlySpan<byte> attributes, string context)
{
    private const ushort TypeMask = 0x3FFF;

    private readonly ReadOnlySpan<byte> _attributes = attributes;
    private int _offset;

    public ushort Type { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>Moves to the next attribute; false at the end.</summary>
    public bool MoveNext()
    {
        var remaining = _attributes.Length - _offset;
        if (remaining == 0)
        {
            return false;
        }

        if (remaining < NetlinkWriter.AttributeHeaderSize)
        {
            throw new NetlinkDecodeException($"{context}: {remaining} trailing bytes at offset {_offset}, shorter than an attribute header");
        }

        var length = MemoryMarshal.Read<ushort>(_attributes[_offset..]);
        var type = (ushort)(MemoryMarshal.Read<ushort>(_attributes[(_offset + 2)..]) & TypeMask);
        if (length < NetlinkWriter.AttributeHeaderSize || length > remaining)
        {
            throw new NetlinkDecodeException(
                $"{context}: attribute {type} at offset {_offset} declares length {length}, but {remaining} bytes remain (minimum 4)");
        }

        Type = type;
        Value = _attributes.Slice(_offset + NetlinkWriter.AttributeHeaderSize, length - NetlinkWriter.AttributeHeaderSize);
        _offset = Math.Min(_attributes.Length, _offset + NetlinkWriter.Align(length));
        return true;
    }

    public readonly RtAttributeReader Nested(string name) => new(Value, $"{context}/{name}");

    public readonly uint UInt32(string name) => MemoryMarshal.Read<uint>(Exactly(name, 4));

    public readonly int Int32(string name) => MemoryMarshal.Read<int>(Exactly(name, 4));

    public readonly ushort UInt16(string name) => MemoryMarshal.Read<ushort>(Exactly(name, 2));

    public readonly ushort BigEndianUInt16(string name) => BinaryPrimitives.ReadUInt16BigEndian(Exactly(name, 2));

    public readonly byte Byte(string name) => Exactly(name, 1)[0];

    /// <summary>
    /// The value up to its first NUL (the kernel terminates strings; requests may not). Interface names are bytes to the
    /// kernel: a byte sequence that is not UTF-8 reads with replacement characters rather than failing a whole dump.
    /// </summary>
    public readonly string String()
    {
        var value = Value;
        var end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }

    public readonly ReadOnlySpan<byte> Exactly(string name, int size) => Value.Length == size
        ? Value
        : throw new NetlinkDecodeException($"{context}/{name}: {Value.Length} bytes where {size} are expected");
}
