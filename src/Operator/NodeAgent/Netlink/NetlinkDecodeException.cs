namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>Bytes that are not a well-formed netlink message; the message names what is wrong and where.</summary>
internal sealed class NetlinkDecodeException : FormatException
{
    public NetlinkDecodeException(string message)
        : base(message)
    {
    }

    public NetlinkDecodeException()
    {
    }

    public NetlinkDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
