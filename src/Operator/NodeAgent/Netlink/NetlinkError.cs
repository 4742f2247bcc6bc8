using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// An <c>NLMSG_ERROR</c> reply: <see cref="Errno"/> is the positive errno (0 is the acknowledgement of a successful
/// request) and <see cref="KernelMessage"/> the extended-ack text when the kernel gave one (for example "Unknown device type").
/// </summary>
internal sealed record NetlinkError(int Errno, string? KernelMessage)
{
    private const ushort MessageAttribute = 1; // NLMSGERR_ATTR_MSG

    public bool IsAcknowledgement => Errno == 0;

    /// <summary>Decodes the payload of a message whose header is <paramref name="header"/> (of type <c>NLMSG_ERROR</c>).</summary>
    public static NetlinkError Decode(NetlinkHeader header, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 + NetlinkWriter.HeaderSize)
        {
            throw new NetlinkDecodeException($"NLMSG_ERROR of {payload.Length} payload bytes, shorter than errno and the echoed header (20)");
        }

        var errno = -MemoryMarshal.Read<int>(payload);
        if (errno < 0)
        {
            throw new NetlinkDecodeException($"NLMSG_ERROR carries the positive error code {-errno}; the kernel sends 0 or a negative errno");
        }

        var echoed = NetlinkHeader.Read(payload[4..]);
        var afterEcho = 4L + (header.HasFlag(NetlinkFlags.Capped) ? NetlinkWriter.HeaderSize : ((echoed.Length + 3L) & ~3L));
        if (!header.HasFlag(NetlinkFlags.AckTlvs))
        {
            return new NetlinkError(errno, null);
        }

        if (afterEcho > payload.Length || echoed.Length < NetlinkWriter.HeaderSize)
        {
            throw new NetlinkDecodeException($"NLMSG_ERROR echoes a request of {echoed.Length} bytes, but {payload.Length - 4} bytes follow the errno");
        }

        string? message = null;
        var attributes = new RtAttributeReader(payload[(int)afterEcho..], "NLMSG_ERROR");
        while (attributes.MoveNext())
        {
            if (attributes.Type == MessageAttribute)
            {
                message = attributes.String();
            }
        }

        return new NetlinkError(errno, message);
    }
}
