using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Builds netlink request messages in host byte order: a 16-byte <c>nlmsghdr</c>, a fixed family header, then
/// <c>rtattr</c>s, each padded to 4 bytes; nested attributes carry <c>NLA_F_NESTED</c> and a length that covers their
/// padded children, as the kernel's <c>nla_nest_end</c> computes it.
/// </summary>
internal sealed class NetlinkWriter
{
    public const int HeaderSize = 16;
    public const int AttributeHeaderSize = 4;
    public const ushort NestedFlag = 0x8000;

    private byte[] _buffer = new byte[512];
    private int _length;
    private int _messageStart = -1;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Forgets everything written, keeping the buffer.</summary>
    public void Reset()
    {
        _length = 0;
        _messageStart = -1;
    }

    public static int Align(int length) => (length + 3) & ~3;

    public void BeginMessage(ushort type, ushort flags, uint sequence)
    {
        _messageStart = _length;
        var header = Reserve(HeaderSize);
        MemoryMarshal.Write(header, 0u); // length: written by EndMessage
        MemoryMarshal.Write(header[4..], type);
        MemoryMarshal.Write(header[6..], flags);
        MemoryMarshal.Write(header[8..], sequence);
        MemoryMarshal.Write(header[12..], 0u); // port id: the kernel is 0
    }

    public void EndMessage()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("EndMessage without BeginMessage");
        }

        MemoryMarshal.Write(_buffer.AsSpan(_messageStart), (uint)(_length - _messageStart));
        _messageStart = -1;
    }

    /// <summary><c>struct ifinfomsg</c>: family AF_UNSPEC, device type 0, index, flags and the mask of flags to change.</summary>
    public void WriteInterfaceInfo(int index, uint flags, uint change)
    {
        var info = Reserve(16);
        info[..4].Clear();
        MemoryMarshal.Write(info[4..], index);
        MemoryMarshal.Write(info[8..], flags);
        MemoryMarshal.Write(info[12..], change);
    }

    public void WriteAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        var total = AttributeHeaderSize + value.Length;
        if (total > ushort.MaxValue)
        {
            throw new ArgumentException($"attribute {type} of {value.Length} bytes does not fit a 16-bit rtattr length", nameof(value));
        }

        var attribute = Reserve(Align(total));
        MemoryMarshal.Write(attribute, (ushort)total);
        MemoryMarshal.Write(attribute[2..], type);
        value.CopyTo(attribute[AttributeHeaderSize..]);
        attribute[total..].Clear();
    }

    public void WriteUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, value);
        WriteAttribute(type, bytes);
    }

    public void WriteByte(ushort type, byte value) => WriteAttribute(type, [value]);

    public void WriteUInt16(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        MemoryMarshal.Write(bytes, value);
        WriteAttribute(type, bytes);
    }

    public void WriteBigEndianUInt16(ushort type, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        WriteAttribute(type, bytes);
    }

    /// <summary>A NUL-terminated string (<c>NLA_NUL_STRING</c>/<c>NLA_STRING</c> both accept it).</summary>
    public void WriteString(ushort type, string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        WriteAttribute(type, bytes);
    }

    /// <summary>Opens a nested attribute; pass the returned position to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var attribute = Reserve(AttributeHeaderSize);
        MemoryMarshal.Write(attribute, (ushort)0);
        MemoryMarshal.Write(attribute[2..], (ushort)(type | NestedFlag));
        return start;
    }

    public void EndNested(int start)
    {
        var length = _length - start;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"nested attribute of {length} bytes does not fit a 16-bit rtattr length");
        }

        MemoryMarshal.Write(_buffer.AsSpan(start), (ushort)length);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
