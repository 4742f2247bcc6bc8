using System.Runtime.InteropServices;

namespace Multi.MetaPlugin.State;

/// <summary>The few libc calls .NET does not expose: flushing a directory after a rename.</summary>
internal static partial class LibC
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on x86-64 and arm64

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>Makes a rename in <paramref name="path"/> durable.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = Open(path, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {path} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot flush directory {path} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }
}
