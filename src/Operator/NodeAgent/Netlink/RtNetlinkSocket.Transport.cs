namespace Multi.Operator.NodeAgent.Netlink;

internal sealed partial class RtNetlinkSocket
{
    /// <summary>
    /// Sends one request and reads until its answer is complete: an <c>NLMSG_ERROR</c> (0 = acknowledged), an
    /// <c>NLMSG_DONE</c> ending a dump, or a single non-multipart reply. Link messages go to <paramref name="links"/>.
    /// True when a dump was marked interrupted.
    /// </summary>
    private bool Exchange(string operation, string link, string? kind, Action<NetlinkWriter> encode, List<LinkInfo>? links)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        _sequence++;
        _writer.Reset();
        encode(_writer);
        NetlinkNative.Send(_fd, _writer.Written, operation);
        var interrupted = false;
        while (true)
        {
            var datagram = ReceiveDatagram(operation, link);
            var frames = new NetlinkFrameReader(datagram);
            while (frames.MoveNext())
            {
                var header = frames.Header;
                if (header.Sequence != _sequence)
                {
                    continue;
                }

                interrupted |= header.HasFlag(NetlinkFlags.DumpInterrupted);
                switch (header.Type)
                {
                    case NetlinkMessageType.Error:
                        var error = NetlinkError.Decode(header, frames.Payload);
                        return error.IsAcknowledgement ? interrupted : throw new NetlinkException(operation, link, error, kind);
                    case NetlinkMessageType.Done:
                        return interrupted;
                    case NetlinkMessageType.NewLink:
                        links?.Add(LinkMessageDecoder.Decode(frames.Payload));
                        if (!header.HasFlag(NetlinkFlags.Multi))
                        {
                            return interrupted;
                        }

                        break;
                    default:
                        break;
                }
            }
        }
    }

    /// <summary>Peeks at the next datagram's size, grows the buffer to fit, then reads it whole.</summary>
    private ReadOnlySpan<byte> ReceiveDatagram(string operation, string link)
    {
        var size = ReceiveRetrying(Span<byte>.Empty, NetlinkNative.PeekTruncated, operation, link);
        if (size > _buffer.Length)
        {
            _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        }

        var received = ReceiveRetrying(_buffer, NetlinkNative.Truncate, operation, link);
        return received > _buffer.Length
            ? throw new NetlinkDecodeException($"{operation} {link}: datagram of {received} bytes exceeds the {_buffer.Length}-byte buffer")
            : _buffer.AsSpan(0, received);
    }

    private int ReceiveRetrying(Span<byte> buffer, int flags, string operation, string link)
    {
        while (true)
        {
            var received = NetlinkNative.Receive(_fd, buffer, buffer.Length, flags);
            if (received >= 0)
            {
                return (int)received;
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == NetlinkNative.WouldBlock)
            {
                throw new TimeoutException($"{operation} {link}: no answer from the kernel within the receive timeout");
            }

            if (errno != NetlinkNative.Interrupted)
            {
                throw NetlinkNative.Failure($"netlink receive for {operation} {link}");
            }
        }
    }
}
