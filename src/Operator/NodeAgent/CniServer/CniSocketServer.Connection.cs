using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>One connection: the peer's uid, the header and body read within <see cref="ReadBound"/>, the gate, the runner, the answer.</summary>
internal sealed partial class CniSocketServer
{
    private static readonly TimeSpan ReadBound = TimeSpan.FromSeconds(10);

    private async Task HandleAsync(Socket connection)
    {
        using (connection)
        {
            var started = clock.GetTimestamp();
            var served = new Served(DaemonLabels.Unknown, DaemonLabels.Unknown, null);
            try
            {
                (var response, served) = await AnswerAsync(connection).ConfigureAwait(false);
                if (response is null)
                {
                    return;
                }

                Record(served, response, started);

                // Not bound by the hard stop: a request cancelled at shutdown still gets its (error) answer.
                using var sending = new CancellationTokenSource(ReadBound, clock);
                await connection.SendAsync(DaemonProtocol.EncodeResponse(response), sending.Token).ConfigureAwait(false);
                await DrainAsync(connection, sending.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                ClientGone(served.Verb, served.ContainerId ?? "-", ex.Message);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ConnectionFailed(ex.Message, ex);
            }
        }
    }

    /// <summary>The answer (null: the client went away before a whole header) and what the request was, for the metrics.</summary>
    private async Task<(DaemonResponse? Response, Served Served)> AnswerAsync(Socket connection)
    {
        var unknown = new Served(DaemonLabels.Unknown, DaemonLabels.Unknown, null);
        var uid = PeerCredentials.Uid(connection);
        if (DaemonAnswers.RefusePeer(uid) is { } refusal)
        {
            PeerRefused(uid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
            return (refusal, unknown);
        }

        var (early, request) = await ReadRequestAsync(connection).ConfigureAwait(false);
        if (request is null)
        {
            return (early, unknown);
        }

        var served = new Served(DaemonLabels.Plugin(request.Plugin), DaemonLabels.Verb(request.Environment.Command), request.Environment.ContainerId);
        return (await RunAsync(connection, request, served).ConfigureAwait(false), served);
    }

    /// <summary>The request, or the answer to give instead (null when the client went away before a whole header).</summary>
    private async Task<(DaemonResponse? Early, DaemonRequest? Request)> ReadRequestAsync(Socket connection)
    {
        using var readBound = new CancellationTokenSource(ReadBound, clock);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(readBound.Token, hardStop.Token);
        var headerBytes = new byte[DaemonProtocol.HeaderBytes];
        if (!await ReadExactlyAsync(connection, headerBytes, reading.Token).ConfigureAwait(false))
        {
            ClientGone(DaemonLabels.Unknown, "-", "closed before a whole header");
            return (null, null);
        }

        var header = DaemonProtocol.ReadHeader(headerBytes);
        if (DaemonProtocol.RequestHeaderError(header) is { } headerError)
        {
            return (Invalid(headerError), null);
        }

        if (header.Version != DaemonProtocol.Version)
        {
            VersionMismatch(header.Version, DaemonProtocol.Version);
            return (DaemonResponse.Fallback(DaemonStatus.VersionMismatch), null);
        }

        var body = new byte[header.BodyLength];
        if (!await ReadExactlyAsync(connection, body, reading.Token).ConfigureAwait(false))
        {
            return (Invalid(new CniError(CniErrorCode.DecodingFailure, $"the daemon request ended before its {header.BodyLength}-byte body")), null);
        }

        var decoded = DaemonProtocol.DecodeRequest(header, body);
        return decoded.IsOk ? (null, decoded.Value) : (Invalid(decoded.Error), null);
    }

    /// <summary>Admission and execution, both bounded by <see cref="DaemonOptions.RequestTimeout"/> from here.</summary>
    private async Task<DaemonResponse?> RunAsync(Socket connection, DaemonRequest request, Served served)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout, clock);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, hardStop.Token);
        IDisposable? ticket;
        try
        {
            ticket = await gate.EnterAsync(request.Plugin, request.Environment.ContainerId, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            ticket = null;
        }

        if (ticket is null)
        {
            QueueFull(served.Plugin, served.Verb, served.ContainerId ?? "-");
            return DaemonResponse.Fallback(DaemonStatus.Unavailable);
        }

        using (ticket)
        {
            // A shim that stopped waiting (its bound passed while the request queued, or the daemon was stopped) has run the
            // request itself: running it again here would race that attempt on the same container.
            if (PeerClosed(connection))
            {
                Abandoned(served.Plugin, served.Verb, served.ContainerId ?? "-");
                metrics.Requests.WithLabels(served.Plugin, served.Verb, "abandoned").Inc();
                return null;
            }

            return await runner.RunAsync(request, bounded.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the peer has closed its end: the shim sends its whole request and then only waits, so a readable socket with
    /// nothing to read is its end-of-stream.
    /// </summary>
    private static bool PeerClosed(Socket connection)
    {
        try
        {
            return connection.Poll(0, SelectMode.SelectRead) && connection.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private DaemonResponse Invalid(CniError error)
    {
        InvalidRequest(error.Msg);
        return DaemonAnswers.Error(DaemonStatus.Answered, error);
    }

    private void Record(Served served, DaemonResponse response, long started)
    {
        var result = served.Plugin == DaemonLabels.Unknown && response.Status == DaemonStatus.Answered ? "invalid" : DaemonLabels.Result(response);
        var elapsed = clock.GetElapsedTime(started);
        metrics.Requests.WithLabels(served.Plugin, served.Verb, result).Inc();
        if (result is "ok" or "error")
        {
            metrics.Duration.WithLabels(served.Plugin, served.Verb).Observe(elapsed.TotalSeconds);
        }

        Answered(served.Plugin, served.Verb, served.ContainerId ?? "-", result, elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// After an answer given without reading the whole request (refused, version mismatch, bad header): closing a Unix socket with
    /// unread bytes resets the connection, and the peer would lose the answer. The rest of the request is read and dropped first.
    /// </summary>
    private static async Task DrainAsync(Socket connection, CancellationToken cancellationToken)
    {
        connection.Shutdown(SocketShutdown.Send);
        var sink = new byte[16 * 1024];
        var left = DaemonProtocol.HeaderBytes + DaemonProtocol.MaxRequestBodyBytes;
        int n;
        while (left > 0 && (n = await connection.ReceiveAsync(sink, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            left -= n;
        }
    }

    /// <summary>Fills <paramref name="buffer"/>; false when the peer closed first.</summary>
    private static async Task<bool> ReadExactlyAsync(Socket connection, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await connection.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    [LoggerMessage(506, LogLevel.Debug, "{Plugin} {Verb} of {ContainerId}: {Result} in {Milliseconds:0.###} ms")]
    private partial void Answered(string plugin, string verb, string containerId, string result, double milliseconds);

    [LoggerMessage(507, LogLevel.Debug, "the client of a {Verb} request (container {ContainerId}) went away: {Reason}")]
    private partial void ClientGone(string verb, string containerId, string reason);

    [LoggerMessage(508, LogLevel.Warning, "refused a connection from uid {Uid}: only root may use the daemon")]
    private partial void PeerRefused(string uid);

    [LoggerMessage(509, LogLevel.Warning, "invalid daemon request: {Reason}")]
    private partial void InvalidRequest(string reason);

    [LoggerMessage(510, LogLevel.Information, "a shim of protocol version {Theirs} connected (ours is {Ours}): answered VersionMismatch, it runs the request itself")]
    private partial void VersionMismatch(ushort theirs, ushort ours);

    [LoggerMessage(511, LogLevel.Warning, "{Plugin} {Verb} of {ContainerId} not admitted (queue full or timed out waiting): answered Unavailable, the shim runs it itself")]
    private partial void QueueFull(string plugin, string verb, string containerId);

    [LoggerMessage(513, LogLevel.Warning, "{Plugin} {Verb} of {ContainerId} not run: its shim stopped waiting before the request's turn came and runs it itself")]
    private partial void Abandoned(string plugin, string verb, string containerId);

    [LoggerMessage(512, LogLevel.Error, "a connection failed unexpectedly: {Reason}")]
    private partial void ConnectionFailed(string reason, Exception exception);
}
