using System.Globalization;
using System.Net.Sockets;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Shim;

/// <summary>
/// One request and one answer on the daemon's Unix socket (<see cref="DaemonProtocol"/>): connect (non-blocking: a full
/// backlog is a busy daemon, not a wait), then send the request and read the 12-byte header and the body within the
/// target's wait. Blocking calls with socket timeouts, not async ones: the shim is a short process, and the socket engine's
/// thread, the thread pool and timers would cost more to start than the exchange itself. Every failure is a
/// <see cref="DaemonExchange.Problem"/>, never an exception: the caller falls back to in-process.
/// </summary>
internal sealed class DaemonClient(TimeProvider clock)
{
    public static readonly TimeSpan ConnectBound = TimeSpan.FromSeconds(1);

    public DaemonExchange Exchange(DaemonTarget target, byte[] request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        if (Connect(socket, target.SocketPath) is { } unreachable)
        {
            return DaemonExchange.Unused(unreachable);
        }

        var started = clock.GetTimestamp();
        try
        {
            return Converse(socket, request, () => target.Wait - clock.GetElapsedTime(started));
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return DaemonExchange.Unused(Invariant($"no answer within {target.Wait.TotalSeconds} s"));
        }
        catch (SocketException ex)
        {
            return DaemonExchange.Unused(Describe(ex.SocketErrorCode));
        }
    }

    /// <summary>Why the socket cannot be reached within <see cref="ConnectBound"/>, or null once connected.</summary>
    private static string? Connect(Socket socket, string path)
    {
        UnixDomainSocketEndPoint endpoint;
        try
        {
            endpoint = new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentException)
        {
            return "the path is too long for a Unix socket";
        }

        socket.Blocking = false;
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // A Unix socket's connect completes at once or, with the backlog full, would wait for the daemon to accept.
            if (!socket.Poll(ConnectBound, SelectMode.SelectWrite) || socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is not 0)
            {
                return Invariant($"no connection within {ConnectBound.TotalSeconds} s (the daemon's backlog is full)");
            }
        }
        catch (SocketException ex)
        {
            return Describe(ex.SocketErrorCode);
        }

        socket.Blocking = true;
        return null;
    }

    /// <summary><paramref name="left"/>: the time still allowed for the answer, applied to each blocking call.</summary>
    private static DaemonExchange Converse(Socket socket, byte[] request, Func<TimeSpan> left)
    {
        socket.SendTimeout = Milliseconds(left());
        for (var sent = 0; sent < request.Length;)
        {
            sent += socket.Send(request, sent, request.Length - sent, SocketFlags.None);
        }

        var headerBytes = new byte[DaemonProtocol.HeaderBytes];
        if (!ReceiveExactly(socket, headerBytes, left))
        {
            return DaemonExchange.Unused("the daemon closed the connection without answering");
        }

        var header = DaemonProtocol.ReadHeader(headerBytes);
        if (HeaderProblem(header) is { } problem)
        {
            return DaemonExchange.Unused(problem);
        }

        var body = new byte[header.BodyLength];
        if (!ReceiveExactly(socket, body, left))
        {
            return DaemonExchange.Unused("the daemon closed the connection in the middle of its answer");
        }

        return DaemonProtocol.DecodeResponse(header, body) is { } response
            ? DaemonExchange.Answer(response)
            : DaemonExchange.Unused("the daemon's answer is malformed");
    }

    /// <summary>Why an answer's header cannot be used (the header layout is the same in every version), or null.</summary>
    private static string? HeaderProblem(DaemonFrameHeader header) =>
        header.Magic != DaemonProtocol.ResponseMagic ? "the answer is not a multi daemon answer (bad magic)"
        : header.Version != DaemonProtocol.Version ? Invariant($"the daemon speaks protocol version {header.Version}, this shim {DaemonProtocol.Version}")
        : header.BodyLength is < 0 or > DaemonProtocol.MaxResponseBodyBytes ? Invariant($"the answer's body of {header.BodyLength} bytes is out of bounds")
        : null;

    /// <summary>False when the daemon closed the connection before <paramref name="buffer"/> was filled; a timeout throws.</summary>
    private static bool ReceiveExactly(Socket socket, byte[] buffer, Func<TimeSpan> left)
    {
        for (var at = 0; at < buffer.Length;)
        {
            socket.ReceiveTimeout = Milliseconds(left());
            var read = socket.Receive(buffer, at, buffer.Length - at, SocketFlags.None);
            if (read == 0)
            {
                return false;
            }

            at += read;
        }

        return true;
    }

    /// <summary>A socket timeout in ms: at least 1 (0 would mean "wait forever"); a wait already over throws TimedOut.</summary>
    private static int Milliseconds(TimeSpan left) => left > TimeSpan.Zero
        ? (int)Math.Clamp(Math.Ceiling(left.TotalMilliseconds), 1, int.MaxValue)
        : throw new SocketException((int)SocketError.TimedOut);

    private static string Describe(SocketError error) => error switch
    {
        SocketError.AddressNotAvailable => "no socket at that path",
        SocketError.ConnectionRefused => "connection refused: nobody is listening",
        SocketError.AccessDenied => "permission denied",
        SocketError.ConnectionReset or SocketError.Shutdown => "the daemon closed the connection",
        _ => "socket error " + error.ToString(),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
