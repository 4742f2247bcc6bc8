using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Multi.MetaPlugin.Ipam;

/// <summary>The shard's descriptor: opening, locking (with the check for a file replaced by a compaction) and reading it.</summary>
internal sealed partial class IpamJournalLog
{
    /// <summary>
    /// The descriptor of the log, locked with <paramref name="operation"/>, and the log's size; -1 when the log does not exist
    /// and <paramref name="create"/> is false. A descriptor whose file a compaction has replaced (marked with mode 000, or no
    /// name left) is closed and the log opened again.
    /// </summary>
    private int Locked(int operation, bool create, out long size)
    {
        Span<byte> status = stackalloc byte[256];
        size = 0;
        while (true)
        {
            handle ??= Open(create);
            if (handle is null)
            {
                return -1;
            }

            var fd = (int)handle.DangerousGetHandle();
            while (Flock(fd, operation) != 0)
            {
                if (Marshal.GetLastPInvokeError() != Interrupted)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot lock {Path} (errno {Marshal.GetLastPInvokeError()})"));
                }
            }

            if (Statx(fd, "", EmptyPath, WantModeLinksAndSize, status) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                Release(fd);
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot stat {Path} (errno {errno})"));
            }

            // struct statx: stx_nlink is the u32 at offset 16, stx_mode the u16 at 28, stx_size the u64 at 40 (on every architecture).
            size = BitConverter.ToInt64(status[40..48]);
            if (BitConverter.ToUInt32(status[16..20]) > 0 && (BitConverter.ToUInt16(status[28..30]) & 0x1FF) != 0)
            {
                return fd;
            }

            Release(fd);
            Dispose();
            compactedSize = null;
        }
    }

    private static void Release(int fd) => _ = Flock(fd, Unlock);

    /// <summary>The log opened; null when it (or its directory) does not exist and <paramref name="create"/> is false.</summary>
    private SafeFileHandle? Open(bool create)
    {
        var flags = create ? OpenLog | Create : OpenLog;
        var fd = OpenFile(Path, flags, OwnerReadWrite);
        if (fd < 0 && Marshal.GetLastPInvokeError() == NoSuchFile)
        {
            if (!create)
            {
                return null;
            }

            // The directory was never set up or was wiped: create it (rare, so not checked before every open).
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            fd = OpenFile(Path, flags, OwnerReadWrite);
        }

        return fd >= 0
            ? new SafeFileHandle(fd, ownsHandle: true)
            : throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot open {Path} (errno {Marshal.GetLastPInvokeError()})"));
    }

    /// <summary>Reads from <paramref name="offset"/> until <paramref name="buffer"/> is full or the file ends; the number of bytes read.</summary>
    private int ReadFully(int fd, Span<byte> buffer, long offset)
    {
        var read = 0;
        while (read < buffer.Length && ReadOnce(fd, buffer[read..], offset + read) is var n and > 0)
        {
            read += n;
        }

        return read;
    }

    /// <summary>One <c>pread</c> at <paramref name="offset"/> (repeated when interrupted); 0 at the end of the file.</summary>
    private int ReadOnce(int fd, Span<byte> buffer, long offset)
    {
        while (true)
        {
            var n = ReadAt(fd, buffer, buffer.Length, offset);
            if (n >= 0)
            {
                return (int)n;
            }

            if (Marshal.GetLastPInvokeError() != Interrupted)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot read {Path} (errno {Marshal.GetLastPInvokeError()})"));
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint ReadAt(int fd, Span<byte> buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int ChangeMode(int fd, int mode);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Exchange(int fromDirectory, string from, int toDirectory, string to, uint flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, Span<byte> buffer);
}
