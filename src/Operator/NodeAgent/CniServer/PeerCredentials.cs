using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>The connected peer's process credentials as the kernel recorded them at connect (SO_PEERCRED).</summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1; // SOL_SOCKET
    private const int SoPeerCred = 17; // SO_PEERCRED: struct ucred { pid_t pid; uid_t uid; gid_t gid; }

    /// <summary>The peer's uid; null when the kernel does not say.</summary>
    public static uint? Uid(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) == 12 ? MemoryMarshal.Read<uint>(ucred[4..]) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
