using System.Globalization;
using System.Text;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Shim;

/// <summary>
/// One request and one answer on the daemon's Unix socket (<see cref="DaemonProtocol"/>): connect (non-blocking: a full
/// backlog is a busy daemon, not a wait), then send the request and read the 12-byte header and the body within the
/// target's wait. Plain libc calls on a non-blocking descriptor with <c>poll</c> for every bound (<see cref="UnixSocketCalls"/>):
/// the shim is a short process, and the socket engine's thread, the thread pool and timers would cost more to start than the
/// exchange itself. Every failure is a <see cref="DaemonExchange.Problem"/>, never an exception: the caller falls back to in-process.
/// </summary>
internal sealed class DaemonClient(TimeProvider clock)
{
    private const int ConnectionRefused = 111; // ECONNREFUSED
    private const int NoSuchFile = 2; // ENOENT
    private const int AccessDenied = 13; // EACCES
    private const int NotPermitted = 1; // EPERM
    private const int ConnectionReset = 104; // ECONNRESET
    private const int BrokenPipe = 32; // EPIPE
    private const string TimedOut = "timed out";

    public static readonly TimeSpan ConnectBound = TimeSpan.FromSeconds(1);

    public DaemonExchange Exchange(DaemonTarget target, byte[] request)
    {
        var path = Encoding.UTF8.GetBytes(target.SocketPath);
        if (!UnixSocketCalls.FitsAddress(path))
        {
            return DaemonExchange.Unused("the path is too long for a Unix socket");
        }

        var fd = UnixSocketCalls.OpenStream();
        if (fd < 0)
        {
            return DaemonExchange.Unused(Describe(-fd));
        }

        try
        {
            if (Connect(fd, path) is { } unreachable)
            {
                return DaemonExchange.Unused(unreachable);
            }

            var started = clock.GetTimestamp();
            return Converse(fd, request, () => target.Wait - clock.GetElapsedTime(started))
                ?? DaemonExchange.Unused(Invariant($"no answer within {target.Wait.TotalSeconds} s"));
        }
        finally
        {
            UnixSocketCalls.Close(fd);
        }
    }

    /// <summary>Why the socket cannot be reached within <see cref="ConnectBound"/>, or null once connected.</summary>
    private static string? Connect(int fd, byte[] path)
    {
        var errno = UnixSocketCalls.StartConnect(fd, path);
        if (errno is UnixSocketCalls.InProgress or UnixSocketCalls.WouldBlock)
        {
            // A Unix socket's connect completes at once or, with the backlog full, would wait for the daemon to accept.
            if (!UnixSocketCalls.WaitFor(fd, UnixSocketCalls.PollOut, (int)ConnectBound.TotalMilliseconds) || UnixSocketCalls.PendingError(fd) is not 0)
            {
                return Invariant($"no connection within {ConnectBound.TotalSeconds} s (the daemon's backlog is full)");
            }

            return null;
        }

        return errno == 0 ? null : Describe(errno);
    }

    /// <summary>The exchange's outcome, or null when <paramref name="left"/> (the time still allowed for the answer) ran out.</summary>
    private static DaemonExchange? Converse(int fd, byte[] request, Func<TimeSpan> left)
    {
        for (var sent = 0; sent < request.Length;)
        {
            var n = UnixSocketCalls.SendSome(fd, request.AsSpan(sent));
            if (n == -UnixSocketCalls.WouldBlock)
            {
                if (Milliseconds(left()) is not { } wait || !UnixSocketCalls.WaitFor(fd, UnixSocketCalls.PollOut, wait))
                {
                    return null;
                }

                continue;
            }

            if (n < 0)
            {
                return DaemonExchange.Unused(Describe(-n));
            }

            sent += n;
        }

        var headerBytes = new byte[DaemonProtocol.HeaderBytes];
        if (ReceiveExactly(fd, headerBytes, left) is { } headerFailure)
        {
            return headerFailure.Length == 0 ? DaemonExchange.Unused("the daemon closed the connection without answering") : Failure(headerFailure);
        }

        var header = DaemonProtocol.ReadHeader(headerBytes);
        if (HeaderProblem(header) is { } problem)
        {
            return DaemonExchange.Unused(problem);
        }

        var body = new byte[header.BodyLength];
        if (ReceiveExactly(fd, body, left) is { } bodyFailure)
        {
            return bodyFailure.Length == 0 ? DaemonExchange.Unused("the daemon closed the connection in the middle of its answer") : Failure(bodyFailure);
        }

        return DaemonProtocol.DecodeResponse(header, body) is { } response
            ? DaemonExchange.Answer(response)
            : DaemonExchange.Unused("the daemon's answer is malformed");
    }

    /// <summary>A failure of <see cref="ReceiveExactly"/> other than end-of-stream: null for a timeout, else the error.</summary>
    private static DaemonExchange? Failure(string failure) => failure == TimedOut ? null : DaemonExchange.Unused(failure);

    /// <summary>Why an answer's header cannot be used (the header layout is the same in every version), or null.</summary>
    private static string? HeaderProblem(DaemonFrameHeader header) =>
        header.Magic != DaemonProtocol.ResponseMagic ? "the answer is not a multi daemon answer (bad magic)"
        : header.Version != DaemonProtocol.Version ? Invariant($"the daemon speaks protocol version {header.Version}, this shim {DaemonProtocol.Version}")
        : header.BodyLength is < 0 or > DaemonProtocol.MaxResponseBodyBytes ? Invariant($"the answer's body of {header.BodyLength} bytes is out of bounds")
        : null;

    /// <summary>
    /// Fills <paramref name="buffer"/>: null when filled, "" when the daemon closed the connection first, <see cref="TimedOut"/>
    /// when the wait ran out, else why the socket failed.
    /// </summary>
    private static string? ReceiveExactly(int fd, byte[] buffer, Func<TimeSpan> left)
    {
        for (var at = 0; at < buffer.Length;)
        {
            if (Milliseconds(left()) is not { } wait || !UnixSocketCalls.WaitFor(fd, UnixSocketCalls.PollIn, wait))
            {
                return TimedOut;
            }

            var read = UnixSocketCalls.ReceiveSome(fd, buffer.AsSpan(at));
            if (read == -UnixSocketCalls.WouldBlock)
            {
                continue;
            }

            if (read <= 0)
            {
                return read == 0 ? string.Empty : Describe(-read);
            }

            at += read;
        }

        return null;
    }

    /// <summary>A poll timeout in ms, at least 1; null when the wait is already over.</summary>
    private static int? Milliseconds(TimeSpan left) => left > TimeSpan.Zero
        ? (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, int.MaxValue)
        : null;

    private static string Describe(int errno) => errno switch
    {
        NoSuchFile => "no socket at that path",
        ConnectionRefused => "connection refused: nobody is listening",
        AccessDenied or NotPermitted => "permission denied",
        ConnectionReset or BrokenPipe => "the daemon closed the connection",
        _ => Invariant($"socket error errno {errno}"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
