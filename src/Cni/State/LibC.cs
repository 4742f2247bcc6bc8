using System.Runtime.InteropServices;

namespace Multi.Cni.State;

/// <summary>The few libc calls .NET does not expose: flushing a directory after a rename (or a file by its path), reading a small file in three calls.</summary>
internal static partial class LibC
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on x86-64 and arm64
    private const int CloseOnExec = 0x80000; // O_CLOEXEC
    private const int NoSuchFile = 2; // ENOENT
    private const int NotADirectory = 20; // ENOTDIR
    private const int Interrupted = 4; // EINTR

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, Span<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>Flushes a file, or a directory (which makes a rename in it durable), to disk.</summary>
    public static void Fsync(string path, bool directory)
    {
        var fd = Open(path, ReadOnly | CloseOnExec | (directory ? Directory : 0));
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot flush {path} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Reads the start of the file <paramref name="path"/> into <paramref name="buffer"/> with one open, read and close (a file read
    /// on every invocation: no stream, no allocation). The number of bytes read (a full buffer: the file may be longer); -1 when
    /// the file or its directory does not exist.
    /// </summary>
    public static int ReadStart(string path, Span<byte> buffer)
    {
        var fd = Open(path, ReadOnly | CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is NoSuchFile or NotADirectory ? -1 : throw new IOException($"cannot open {path} (errno {errno})");
        }

        try
        {
            while (true)
            {
                // One read: a short read of a regular file is its end.
                var n = Read(fd, buffer, buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                if (Marshal.GetLastPInvokeError() != Interrupted)
                {
                    throw new IOException($"cannot read {path} (errno {Marshal.GetLastPInvokeError()})");
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }
}
