using System.Runtime.InteropServices;

namespace Multi.MetaPlugin.Shim;

/// <summary>
/// The libc calls of the shim's forwarding path: a Unix stream socket driven with <c>poll</c>, and raw writes to the standard
/// descriptors. Not <see cref="System.Net.Sockets.Socket"/> and not <see cref="Console"/>: their first use starts the socket
/// engine's thread and probes IPv4/IPv6 support, and initialises the terminal with a signal-handling thread, which cost the
/// shim more than the whole exchange (docs/design.md, "Thick mode: where the time goes").
/// </summary>
internal static unsafe partial class UnixSocketCalls
{
    public const int Interrupted = 4; // EINTR
    public const int WouldBlock = 11; // EAGAIN
    public const int InProgress = 115; // EINPROGRESS

    private const int AddressFamilyUnix = 1; // AF_UNIX
    private const int Stream = 1; // SOCK_STREAM
    private const int NonBlocking = 0x800; // SOCK_NONBLOCK
    private const int CloseOnExec = 0x80000; // SOCK_CLOEXEC
    private const int SocketLevel = 1; // SOL_SOCKET
    private const int SocketError = 4; // SO_ERROR
    private const int NoSignal = 0x4000; // MSG_NOSIGNAL: a closed peer is EPIPE, not SIGPIPE
    private const int PathBytes = 108; // sizeof(sockaddr_un.sun_path)

    /// <summary>poll events: readable, writable, error, hang-up.</summary>
    public const short PollIn = 0x1;
    public const short PollOut = 0x4;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int Connect(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollDescriptor* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSocketOption(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseDescriptor(int fd);

    /// <summary>A non-blocking, close-on-exec Unix stream socket; a negative errno when none can be made.</summary>
    public static int OpenStream()
    {
        var fd = Socket(AddressFamilyUnix, Stream | NonBlocking | CloseOnExec, 0);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary>Whether <paramref name="utf8Path"/> fits a socket address with its terminating NUL.</summary>
    public static bool FitsAddress(ReadOnlySpan<byte> utf8Path) => utf8Path.Length is > 0 and < PathBytes;

    /// <summary>0 when connected, else the errno (<see cref="InProgress"/> or <see cref="WouldBlock"/>: wait with <see cref="PollOut"/>).</summary>
    public static int StartConnect(int fd, ReadOnlySpan<byte> utf8Path)
    {
        var address = stackalloc byte[2 + PathBytes];
        new Span<byte>(address, 2 + PathBytes).Clear();
        *(ushort*)address = AddressFamilyUnix;
        utf8Path.CopyTo(new Span<byte>(address + 2, PathBytes));
        while (true)
        {
            if (Connect(fd, address, 2 + utf8Path.Length + 1) == 0)
            {
                return 0;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interrupted)
            {
                return errno;
            }
        }
    }

    /// <summary>The pending error of a socket whose connect completed in the background (0: connected).</summary>
    public static int PendingError(int fd)
    {
        int value = 0, length = sizeof(int);
        return GetSocketOption(fd, SocketLevel, SocketError, &value, &length) == 0 ? value : Marshal.GetLastPInvokeError();
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for <paramref name="events"/>; true when the socket is ready (or failed: the next call says how).</summary>
    public static bool WaitFor(int fd, short events, int timeoutMs)
    {
        var descriptor = new PollDescriptor { Fd = fd, Events = events };
        while (true)
        {
            var ready = Poll(&descriptor, 1, timeoutMs);
            if (ready >= 0)
            {
                return ready > 0;
            }

            if (Marshal.GetLastPInvokeError() != Interrupted)
            {
                return true; // let the following send or recv report the error
            }
        }
    }

    /// <summary>Bytes sent (≥ 0), or a negative errno.</summary>
    public static int SendSome(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var n = Send(fd, p, (nuint)data.Length, NoSignal);
            return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>Bytes received (0: the peer closed), or a negative errno.</summary>
    public static int ReceiveSome(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var n = Receive(fd, p, (nuint)buffer.Length, 0);
            return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>Writes all of <paramref name="data"/> to a descriptor (stdout, stderr); false when it cannot.</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            for (var at = 0; at < data.Length;)
            {
                var n = Write(fd, p + at, (nuint)(data.Length - at));
                if (n < 0 && Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return false;
                }

                at += (int)n;
            }
        }

        return true;
    }

    public static void Close(int fd) => _ = CloseDescriptor(fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
