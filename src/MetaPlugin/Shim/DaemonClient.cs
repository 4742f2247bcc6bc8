using System.Globalization;
using System.Net.Sockets;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Shim;

/// <summary>
/// One request and one answer on the daemon's Unix socket (<see cref="DaemonProtocol"/>): connect within
/// <see cref="ConnectBound"/>, then send the request and read the 12-byte header and the body within the target's wait.
/// Every failure is a <see cref="DaemonExchange.Problem"/>, never an exception: the caller falls back to in-process.
/// </summary>
internal sealed class DaemonClient(TimeProvider clock)
{
    public static readonly TimeSpan ConnectBound = TimeSpan.FromSeconds(1);

    public async Task<DaemonExchange> ExchangeAsync(DaemonTarget target, byte[] request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        if (await ConnectAsync(socket, target.SocketPath).ConfigureAwait(false) is { } unreachable)
        {
            return DaemonExchange.Unused(unreachable);
        }

        using var wait = new CancellationTokenSource(target.Wait, clock);
        try
        {
            return await ConverseAsync(socket, request, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return DaemonExchange.Unused(Invariant($"no answer within {target.Wait.TotalSeconds} s"));
        }
        catch (SocketException ex)
        {
            return DaemonExchange.Unused(Describe(ex.SocketErrorCode));
        }
    }

    /// <summary>Why the socket cannot be reached within <see cref="ConnectBound"/>, or null once connected.</summary>
    private async Task<string?> ConnectAsync(Socket socket, string path)
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

        using var connect = new CancellationTokenSource(ConnectBound, clock);
        try
        {
            await socket.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException)
        {
            return Invariant($"no connection within {ConnectBound.TotalSeconds} s");
        }
        catch (SocketException ex)
        {
            return Describe(ex.SocketErrorCode);
        }
    }

    private static async Task<DaemonExchange> ConverseAsync(Socket socket, byte[] request, CancellationToken ct)
    {
        for (var sent = 0; sent < request.Length;)
        {
            sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
        }

        var headerBytes = new byte[DaemonProtocol.HeaderBytes];
        if (!await ReceiveExactlyAsync(socket, headerBytes, ct).ConfigureAwait(false))
        {
            return DaemonExchange.Unused("the daemon closed the connection without answering");
        }

        var header = DaemonProtocol.ReadHeader(headerBytes);
        if (HeaderProblem(header) is { } problem)
        {
            return DaemonExchange.Unused(problem);
        }

        var body = new byte[header.BodyLength];
        if (!await ReceiveExactlyAsync(socket, body, ct).ConfigureAwait(false))
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

    /// <summary>False when the daemon closed the connection before <paramref name="buffer"/> was filled.</summary>
    private static async Task<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }

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
