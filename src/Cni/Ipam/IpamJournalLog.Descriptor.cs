using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Multi.Cni.Ipam;

/// <summary>The shard's descriptor: opening, locking (with the check for a file replaced by a compaction) and reading it.</summary>
internal sealed partial class IpamJournalLog
{
    /// <summary>
    /// The descriptor of the log, locked with <paramref name="operation"/> (compactions only: appends and reads take no lock),
    /// and the log's size; -1 when the log does not exist and <paramref name="create"/> is false. A descriptor whose file a
    /// compaction has replaced (marked, or no name left) is closed and the log opened again; a mark left on the log itself by
    /// a compaction that died before its exchange is taken off (nobody else can be compacting: this one holds the lock).
    /// </summary>
    private int Locked(int operation, bool create, out long size)
    {
        while (true)
        {
            var fd = Descriptor(create);
            if (fd < 0)
            {
                size = 0;
                return -1;
            }

            while (Flock(fd, operation) != 0)
            {
                if (Marshal.GetLastPInvokeError() != Interrupted)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot lock {Path} (errno {Marshal.GetLastPInvokeError()})"));
                }
            }

            if (!IsReplaced(fd, out size) || (IsTheLog(fd) && Unmark(fd)))
            {
                return fd;
            }

            Release(fd);
            CloseDescriptor();
            compactedSize = null;
        }
    }

    /// <summary>
    /// The descriptor of the log for an append that found its file replaced: opened again until the file at the log's name is
    /// not marked (a compaction marks the old log before it swaps the new one in, microseconds later). A mark that no running
    /// compaction holds (it died between marking and swapping) is taken off.
    /// </summary>
    private int LiveAfterReplacement()
    {
        for (var attempt = 0; ; attempt++)
        {
            var fd = Descriptor(create: true);
            if (!IsReplaced(fd, out _))
            {
                return fd;
            }

            if (IsTheLog(fd) && Flock(fd, LockExclusive | NoWait) == 0)
            {
                var unmarked = Unmark(fd);
                Release(fd);
                if (unmarked)
                {
                    return fd;
                }
            }

            CloseDescriptor();
            Thread.Sleep(attempt < 10 ? 0 : 1);
        }
    }

    /// <summary>The instance's descriptor, opened when it has none; -1 when the log does not exist and <paramref name="create"/> is false.</summary>
    private int Descriptor(bool create)
    {
        handle ??= Open(create);
        return handle is null ? -1 : (int)handle.DangerousGetHandle();
    }

    /// <summary>True when a compaction has replaced the file of <paramref name="fd"/>: marked (mode 000) or without a name. Its size too.</summary>
    private bool IsReplaced(int fd, out long size)
    {
        Span<byte> status = stackalloc byte[256];
        if (Statx(fd, "", EmptyPath, WantModeLinksAndSize, status) != 0)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot stat {Path} (errno {Marshal.GetLastPInvokeError()})"));
        }

        // struct statx: stx_nlink is the u32 at offset 16, stx_mode the u16 at 28, stx_size the u64 at 40 (on every architecture).
        size = BitConverter.ToInt64(status[40..48]);
        return BitConverter.ToUInt32(status[16..20]) == 0 || (BitConverter.ToUInt16(status[28..30]) & 0x1FF) == 0;
    }

    /// <summary>True when <paramref name="fd"/> is the file now at the log's name (same inode), not one swapped out.</summary>
    private bool IsTheLog(int fd)
    {
        Span<byte> mine = stackalloc byte[256];
        Span<byte> named = stackalloc byte[256];
        if (Statx(fd, "", EmptyPath, WantInode, mine) != 0 || Statx(AtWorkingDirectory, Path, 0, WantInode, named) != 0)
        {
            return false;
        }

        // stx_ino is the u64 at offset 32, stx_dev_major and stx_dev_minor the u32s at 136 and 140.
        return mine[32..40].SequenceEqual(named[32..40]) && mine[136..144].SequenceEqual(named[136..144]);
    }

    /// <summary>Takes a mark off the log (the file keeps its 0600).</summary>
    private static bool Unmark(int fd) => ChangeMode(fd, OwnerReadWrite) == 0;

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
