namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Splits one received datagram into its netlink messages (a dump packs several). A length shorter than the header or
/// longer than the bytes left is a <see cref="NetlinkDecodeException"/>; each step advances by at least 16 bytes.
/// </summary>
internal ref struct NetlinkFrameReader(ReadOnlySpan<byte> datagram)
{
    private readonly ReadOnlySpan<byte> _datagram = datagram;
    private int _offset;

    public NetlinkHeader Header { get; private set; }

    /// <summary>The bytes after the header, up to the message's declared length.</summary>
    public ReadOnlySpan<byte> Payload { get; private set; }

    public bool MoveNext()
    {
        var remaining = _datagram.Length - _offset;
        if (remaining == 0)
        {
            return false;
        }

        if (remaining < NetlinkWriter.HeaderSize)
        {
            throw new NetlinkDecodeException($"netlink datagram: {remaining} trailing bytes at offset {_offset}, shorter than a message header");
        }

        var header = NetlinkHeader.Read(_datagram[_offset..]);
        if (header.Length < NetlinkWriter.HeaderSize || header.Length > remaining)
        {
            throw new NetlinkDecodeException(
                $"netlink message type {header.Type} at offset {_offset} declares length {header.Length}, but {remaining} bytes remain (minimum 16)");
        }

        Header = header;
        Payload = _datagram.Slice(_offset + NetlinkWriter.HeaderSize, (int)header.Length - NetlinkWriter.HeaderSize);
        _offset = Math.Min(_datagram.Length, _offset + NetlinkWriter.Align((int)header.Length));
        return true;
    }
}
