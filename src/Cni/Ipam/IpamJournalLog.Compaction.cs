using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Multi.Cni.Ipam;

/// <summary>Compaction (see the type's summary) and the header line it writes: <c>#&lt;bytes&gt;</c>, plus <c> start</c> for a journal set up before any ADD.</summary>
internal sealed partial class IpamJournalLog
{
    /// <summary>Rewrites the log to its live lines when it has grown past twice its compacted size (and the minimum).</summary>
    public void CompactIfLarge()
    {
        var fd = Locked(LockExclusive, create: false, out var size);
        if (fd < 0)
        {
            return;
        }

        string? replaced = null;
        var marked = false;
        try
        {
            Span<byte> head = stackalloc byte[24];
            if (size < Math.Max(CompactAtLeast, 2 * CompactedSize(head[..ReadFully(fd, head, 0)])))
            {
                return; // another process compacted meanwhile
            }

            // Marked before it is read: every append that completes before the mark is read below, and every appender that
            // finds the mark after its write appends again to the new log (see Append).
            if (ChangeMode(fd, 0) != 0)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot mark {Path} replaced (errno {Marshal.GetLastPInvokeError()})"));
            }

            marked = true;
            var (buffer, length) = ReadAllPooled(fd);
            var log = buffer.AsSpan(0, length).ToArray();
            ArrayPool<byte>.Shared.Return(buffer);
            (replaced, var liveBytes) = WriteLive(log);
            replaced = SwapIn(replaced);
            marked = false;
            compactedSize = liveBytes;
        }
        finally
        {
            if (marked)
            {
                // Not replaced after all: appenders waiting for the new log use this one again (lines they wrote twice meanwhile
                // are harmless).
                _ = ChangeMode(fd, OwnerReadWrite);
            }

            Release(fd);

            // This descriptor may now be of the replaced file: the next use opens the log again.
            CloseDescriptor();
            if (replaced is not null)
            {
                File.Delete(replaced);
            }
        }
    }

    /// <summary>
    /// Writes the live lines of <paramref name="log"/> under their header into a new file next to the log: its path (a name of
    /// this compaction's own, since the replaced file is removed under it after the lock is released, when another compaction
    /// of the shard may already run) and the size of the live lines.
    /// </summary>
    private (string Path, int LiveBytes) WriteLive(byte[] log)
    {
        var body = new StringBuilder();
        foreach (var (key, payload) in Live(log))
        {
            body.Append('\n').Append(key).Append(' ').Append(payload);
        }

        var content = Encoding.UTF8.GetBytes(body.ToString());
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"#{content.Length}{(IsStarted(log) ? " start" : "")}"));
        var path = string.Create(CultureInfo.InvariantCulture, $"{Path}.{Environment.ProcessId}.{Random.Shared.Next():x8}.compact");
        try
        {
            using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            file.Write(header);
            file.Write(content);
            return (path, content.Length);
        }
        catch (IOException)
        {
            File.Delete(path); // a file half written (a full disk) is never left behind
            throw;
        }
    }

    /// <summary>
    /// Puts the file at <paramref name="written"/> in the log's place; the path of the replaced file, to remove once the lock
    /// is released (null when a rename over the log, on a file system without exchange, removed it already).
    /// </summary>
    private string? SwapIn(string written)
    {
        if (Exchange(AtWorkingDirectory, written, AtWorkingDirectory, Path, ExchangeNames) == 0)
        {
            return written;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (NotSupported or InvalidArgument))
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot compact {Path} (errno {errno})"));
        }

        // A file system without exchange: rename over the log (slower on ext4, see the type); the old file goes with it.
        File.Move(written, Path, overwrite: true);
        return null;
    }

    /// <summary>
    /// Creates the shard with the header <c>#0 start</c>: set up before any ADD (<c>multi-ipam init-journal</c>), so a read of it
    /// also says that the journal is complete, without the marker file. False when the shard exists (it is left as it is).
    /// </summary>
    public static bool CreateStarted(string directory, int shard)
    {
        try
        {
            using var file = new FileStream(new IpamJournalLog(directory, shard).Path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            file.Write("#0"u8);
            file.Write(StartedMark);
            return true;
        }
        catch (IOException) when (File.Exists(new IpamJournalLog(directory, shard).Path))
        {
            return false;
        }
    }

    /// <summary>True when the log's header says that the journal was set up before any ADD (see <see cref="CreateStarted"/>).</summary>
    public static bool IsStarted(ReadOnlySpan<byte> log) => Header(log).EndsWith(StartedMark);

    /// <summary>The size of the live lines when the log was last compacted (its header <c>#&lt;bytes&gt;[ start]</c>), else 0.</summary>
    private static long CompactedSize(ReadOnlySpan<byte> log)
    {
        var header = Header(log);
        var digits = header.IsEmpty ? header : header[1..];
        var space = digits.IndexOf((byte)' ');
        return long.TryParse(space < 0 ? digits : digits[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
    }

    /// <summary>The first line when it is a header (starts with <c>#</c>), else empty.</summary>
    private static ReadOnlySpan<byte> Header(ReadOnlySpan<byte> log)
    {
        if (log.IsEmpty || log[0] != (byte)'#')
        {
            return [];
        }

        var end = log.IndexOf((byte)'\n');
        return end < 0 ? log : log[..end];
    }

    private static IEnumerable<Range> Lines(byte[] log)
    {
        var start = 0;
        while (start < log.Length)
        {
            var end = Array.IndexOf(log, (byte)'\n', start);
            var stop = end < 0 ? log.Length : end;
            if (stop > start && log[start] != (byte)'#')
            {
                yield return new Range(start, stop);
            }

            start = stop + 1;
        }
    }
}
