using System.Collections.Concurrent;
using System.Net.Sockets;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Tests.Shim;

/// <summary>
/// A stand-in for the node daemon: a real Unix socket listener in a temporary directory speaking <see cref="DaemonProtocol"/>
/// through Core's codec. It reads each request whole, records it, and sends whatever bytes <c>reply</c> returns for it (null:
/// it closes the connection without answering; a reply may also never complete, a daemon that hangs).
/// </summary>
internal sealed class FakeDaemon : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Func<DaemonRequest, CancellationToken, Task<byte[]?>> reply;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<DaemonRequest> requests = new();
    private readonly ConcurrentQueue<Exception> failures = new();
    private readonly Task serving;
    private int connections;

    private FakeDaemon(string socketPath, Func<DaemonRequest, CancellationToken, Task<byte[]?>> reply)
    {
        SocketPath = socketPath;
        this.reply = reply;
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(16);
        serving = Task.Run(ServeAsync);
    }

    public string SocketPath { get; }

    public int Connections => Volatile.Read(ref connections);

    public IReadOnlyList<DaemonRequest> Requests => [.. requests];

    /// <summary>Serves on <paramref name="socketPath"/> (its directory must exist), answering every request with <paramref name="reply"/>.</summary>
    public static FakeDaemon Start(string socketPath, Func<DaemonRequest, CancellationToken, Task<byte[]?>> reply) => new(socketPath, reply);

    /// <summary>Answers every request with these frame bytes.</summary>
    public static FakeDaemon Start(string socketPath, byte[] frame) => new(socketPath, (_, _) => Task.FromResult<byte[]?>(frame));

    /// <summary>Answers every request with this response, encoded by Core's codec.</summary>
    public static FakeDaemon Start(string socketPath, DaemonResponse response) => Start(socketPath, DaemonProtocol.EncodeResponse(response));

    /// <summary>Throws when a connection broke the protocol (a request the fake could not read whole).</summary>
    public void AssertNoFailure()
    {
        if (!failures.IsEmpty)
        {
            throw new AggregateException("the fake daemon failed", failures);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Dispose();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
            // Stopped in the middle of a reply that hangs.
        }

        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            using (client)
            {
                await HandleAsync(client);
            }
        }
    }

    private async Task HandleAsync(Socket client)
    {
        try
        {
            var headerBytes = new byte[DaemonProtocol.HeaderBytes];
            await ReceiveExactlyAsync(client, headerBytes, stop.Token);
            var header = DaemonProtocol.ReadHeader(headerBytes);
            if (DaemonProtocol.RequestHeaderError(header) is { } error)
            {
                throw new InvalidDataException(error.Msg);
            }

            var body = new byte[header.BodyLength];
            await ReceiveExactlyAsync(client, body, stop.Token);
            var request = DaemonProtocol.DecodeRequest(header, body).Unwrap();
            requests.Enqueue(request);
            if (await reply(request, stop.Token) is { } frame)
            {
                await client.SendAsync(frame, SocketFlags.None, stop.Token);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failures.Enqueue(ex);
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (read == 0)
            {
                throw new EndOfStreamException("the shim closed the connection in the middle of its request");
            }

            buffer = buffer[read..];
        }
    }
}
