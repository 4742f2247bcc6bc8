using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// The libc calls behind the netlink sockets (source-generated P/Invoke: NativeAOT-safe). .NET has no AF_NETLINK
/// address family, so the socket is a plain descriptor. Constants are the Linux values on x86-64 and arm64.
/// </summary>
internal static partial class NetlinkNative
{
    public const int Interrupted = 4; // EINTR
    public const int WouldBlock = 11; // EAGAIN
    public const int NoBufferSpace = 105; // ENOBUFS
    public const int PeekTruncated = 0x2 | 0x20; // MSG_PEEK | MSG_TRUNC: the datagram's full length, nothing consumed
    public const int Truncate = 0x20; // MSG_TRUNC: the return value is the datagram's full length
    public const int DontWait = 0x40; // MSG_DONTWAIT
    public const short PollIn = 0x1;

    private const int AddressFamilyNetlink = 16;
    private const int SockRawCloseOnExec = 3 | 0x80000; // SOCK_RAW | SOCK_CLOEXEC
    private const int NetlinkRoute = 0;
    private const int SolSocket = 1;
    private const int ReceiveBuffer = 8; // SO_RCVBUF
    private const int ReceiveTimeout = 20; // SO_RCVTIMEO (struct timeval, 16 bytes on 64-bit)
    private const int SolNetlink = 270;
    private const int CapAck = 10; // NETLINK_CAP_ACK: errors echo only the request's header
    private const int ExtAck = 11; // NETLINK_EXT_ACK: errors carry the kernel's message

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, ReadOnlySpan<byte> address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, ReadOnlySpan<byte> value, int length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, ReadOnlySpan<byte> buffer, nint length, int flags, ReadOnlySpan<byte> address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, Span<byte> buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(Span<PollDescriptor> descriptors, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    /// <summary>A close-on-exec NETLINK_ROUTE socket of the calling thread's network namespace, bound to <paramref name="groups"/>.</summary>
    public static int OpenRoute(uint groups, int receiveBufferBytes, TimeSpan? receiveTimeout)
    {
        var fd = Socket(AddressFamilyNetlink, SockRawCloseOnExec, NetlinkRoute);
        if (fd < 0)
        {
            throw Failure("socket(AF_NETLINK, NETLINK_ROUTE)");
        }

        try
        {
            SetInt(fd, SolSocket, ReceiveBuffer, receiveBufferBytes, "SO_RCVBUF");
            SetInt(fd, SolNetlink, CapAck, 1, "NETLINK_CAP_ACK");
            SetInt(fd, SolNetlink, ExtAck, 1, "NETLINK_EXT_ACK");
            if (receiveTimeout is { } timeout)
            {
                Span<byte> timeval = stackalloc byte[16];
                MemoryMarshal.Write(timeval, (long)timeout.TotalSeconds);
                MemoryMarshal.Write(timeval[8..], (long)(timeout.TotalMicroseconds % 1_000_000));
                Check(SetSockOpt(fd, SolSocket, ReceiveTimeout, timeval, timeval.Length), "setsockopt SO_RCVTIMEO");
            }

            Check(Bind(fd, Address(groups), 12), "bind(AF_NETLINK)");
            return fd;
        }
        catch
        {
            _ = Close(fd);
            throw;
        }
    }

    public static void Send(int fd, ReadOnlySpan<byte> message, string operation)
    {
        while (true)
        {
            var sent = SendTo(fd, message, message.Length, 0, Address(0), 12);
            if (sent == message.Length)
            {
                return;
            }

            if (sent >= 0 || Marshal.GetLastPInvokeError() != Interrupted)
            {
                throw sent >= 0 ? new IOException($"netlink: {operation}: sent {sent} of {message.Length} bytes") : Failure($"netlink send for {operation}");
            }
        }
    }

    public static IOException Failure(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} failed: {NetlinkException.ErrnoName(errno)} ({Marshal.GetPInvokeErrorMessage(errno)})");
    }

    /// <summary><c>struct sockaddr_nl</c>: family, padding, port id 0 (the kernel assigns it; as destination: the kernel), groups.</summary>
    private static byte[] Address(uint groups)
    {
        var address = new byte[12];
        MemoryMarshal.Write(address, (ushort)AddressFamilyNetlink);
        MemoryMarshal.Write(address.AsSpan(8), groups);
        return address;
    }

    private static void SetInt(int fd, int level, int name, int value, string what)
    {
        Span<byte> bytes = stackalloc byte[4];
        MemoryMarshal.Write(bytes, value);
        Check(SetSockOpt(fd, level, name, bytes, 4), $"setsockopt {what}");
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw Failure(call);
        }
    }
}
