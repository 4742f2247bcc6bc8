using System.Net.Sockets;

namespace Multi.Cni.Tests.Devices;

/// <summary>
/// A Unix socket that is not a kubelet: it either answers every connection with <paramref name="garbage"/> and closes it,
/// or (null) accepts and never says anything.
/// </summary>
internal sealed class RawSocketServer : IDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly List<Socket> held = [];
    private readonly CancellationTokenSource stop = new();

    public RawSocketServer(string path, byte[]? garbage)
    {
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(8);
        _ = Task.Run(() => AcceptAsync(garbage));
    }

    private async Task AcceptAsync(byte[]? garbage)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stop.Token);
                if (garbage is null)
                {
                    lock (held)
                    {
                        held.Add(client);
                    }

                    continue;
                }

                await client.SendAsync(garbage, SocketFlags.None, stop.Token);
                client.Dispose();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        lock (held)
        {
            held.ForEach(s => s.Dispose());
        }

        stop.Dispose();
    }
}
