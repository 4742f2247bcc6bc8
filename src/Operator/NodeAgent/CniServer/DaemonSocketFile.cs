using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// The socket's place on the host: its directory root-only (0700), a stale socket left by a previous daemon replaced, and
/// nothing that is not a socket ever removed. Every refusal is an <see cref="IOException"/> naming the path, so the service
/// fails to start with a message an admin can act on.
/// </summary>
internal static partial class DaemonSocketFile
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint StatxType = 0x1; // STATX_TYPE
    private const int StatxModeOffset = 28;
    private const int TypeMask = 0xF000; // S_IFMT
    private const int SocketFileType = 0xC000; // S_IFSOCK
    private const int DirectoryType = 0x4000; // S_IFDIR
    private const int NoEntry = 2; // ENOENT

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);

    /// <summary>Prepares the directory and the path, then binds and listens with mode 0600.</summary>
    public static Socket Bind(string path, int backlog, out bool replacedStale)
    {
        PrepareDirectory(Path.GetDirectoryName(path)!);
        replacedStale = RemoveStale(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, SocketMode);
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    /// <summary>Creates the directory 0700 or tightens an existing one to 0700; a path that exists and is no directory is refused.</summary>
    public static void PrepareDirectory(string directory)
    {
        var type = TypeOf(directory);
        if (type is null)
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }
        else if (type != DirectoryType)
        {
            throw new IOException($"the daemon socket's directory {directory} exists and is not a directory");
        }

        File.SetUnixFileMode(directory, DirectoryMode);
    }

    /// <summary>Removes a socket left at <paramref name="path"/>; true when there was one. Anything else there is refused.</summary>
    public static bool RemoveStale(string path)
    {
        var type = TypeOf(path);
        if (type is null)
        {
            return false;
        }

        if (type != SocketFileType)
        {
            throw new IOException($"{path} exists and is not a socket: the daemon does not remove it (remove it or choose another Operator:Daemon:SocketPath)");
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Removes the socket the daemon bound, when it is still a socket (on shutdown).</summary>
    public static void Remove(string path)
    {
        if (TypeOf(path) == SocketFileType)
        {
            File.Delete(path);
        }
    }

    /// <summary>The file type bits (symbolic links not followed); null when nothing is there.</summary>
    private static int? TypeOf(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(CurrentDirectory, path, NoFollow, StatxType, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == NoEntry ? null : throw new IOException($"cannot examine {path} (errno {errno})");
        }

        return BitConverter.ToUInt16(buffer[StatxModeOffset..]) & TypeMask;
    }
}
