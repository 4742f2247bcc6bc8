using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// One shard of the journal's storage, <c>journal-NN.log</c>: an append-only file of keyed lines, <c>\n&lt;key&gt; &lt;payload&gt;</c>,
/// shared by every plugin process of the node. The journal decides which shard holds a key (<see cref="ShardOf"/>, of
/// <see cref="Shards"/>), so a read scans a small file however many attachments the node has. The last line of a key is its
/// state; the payload <c>-</c> removes the key. Appends use <c>O_APPEND</c> (each line is one <c>write</c>, so concurrent
/// appenders never interleave or overwrite) under a shared <c>flock</c> of the shard's <c>journal-NN.lock</c>; compaction
/// rewrites the live lines to a new file and renames it over the log under the exclusive lock. The leading newline ends a line
/// torn by a power loss, so only that line is lost. Readers take no lock: each attachment's lines are written by the one
/// process handling it, and a rename swaps whole files.
/// Why a log: creating and removing a file per record costs about 1 ms each on ext4 with online discard (the benchmark
/// machine), an append a few microseconds. A compaction costs a few milliseconds (replacing a file by rename makes ext4 write
/// the new file's data out), so it runs only once a shard has doubled and passed <see cref="CompactAtLeast"/>.
/// </summary>
internal sealed partial class IpamJournalLog(string directory, int shard)
{
    public const int Shards = 32;
    private const byte Tombstone = (byte)'-';
    private const int OpenAppend = 0x2 | 0x40 | 0x400 | 0x80000; // O_RDWR (the header is read back) | O_CREAT | O_APPEND | O_CLOEXEC
    private const int OpenLock = 0x0 | 0x40 | 0x80000; // O_RDONLY | O_CREAT | O_CLOEXEC
    private const int OwnerReadWrite = 0x180; // 0600
    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int SeekEnd = 2;
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>Compaction starts when the shard is this large and twice the size it had after the last compaction.</summary>
    public const long CompactAtLeast = 32 * 1024;

    public int Shard { get; } = shard;

    public string Path { get; } = System.IO.Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"journal-{shard:00}.log"));

    /// <summary>The shard's lock (never replaced, unlike the log): a compaction holds up only this shard's appenders.</summary>
    private string LockPath { get; } = System.IO.Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"journal-{shard:00}.lock"));

    /// <summary>The shard that holds <paramref name="key"/>: a stable hash, the same in every process.</summary>
    public static int ShardOf(string key) => (int)(System.IO.Hashing.XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(key)) % Shards);

    /// <summary>The whole log (empty when there is none).</summary>
    public byte[] ReadAll()
    {
        try
        {
            return File.ReadAllBytes(Path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>The payload of the last line of <paramref name="key"/>; null when there is none or it was removed.</summary>
    public string? Last(string key)
    {
        var (buffer, length) = ReadPooled();
        try
        {
            return Last(buffer.AsSpan(0, length), key);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The whole log in a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it): the log is read on every
    /// ADD and DEL, and a fresh array each time would be most of what an ADD allocates.
    /// </summary>
    public (byte[] Buffer, int Length) ReadPooled()
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(Path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (ArrayPool<byte>.Shared.Rent(1), 0);
        }

        using (file)
        {
            var length = (int)RandomAccess.GetLength(file);
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
            var read = 0;
            while (read < length && RandomAccess.Read(file, buffer.AsSpan(read, length - read), read) is var n and > 0)
            {
                read += n;
            }

            return (buffer, read);
        }
    }

    /// <summary>The payload of the last line of <paramref name="key"/> in <paramref name="log"/>; null when there is none or it was removed.</summary>
    public static string? Last(ReadOnlySpan<byte> log, string key)
    {
        Span<byte> needle = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length) + 2];
        needle[0] = (byte)'\n';
        var length = Encoding.UTF8.GetBytes(key, needle[1..]) + 2;
        needle[length - 1] = (byte)' ';
        needle = needle[..length];
        var at = log.LastIndexOf(needle);
        if (at < 0)
        {
            return null;
        }

        var rest = log[(at + needle.Length)..];
        var end = rest.IndexOf((byte)'\n');
        var payload = end < 0 ? rest : rest[..end];
        return payload.Length == 1 && payload[0] == Tombstone ? null : Encoding.UTF8.GetString(payload);
    }

    /// <summary>The last payload of every key that is not removed, in the order of those last lines.</summary>
    public static IEnumerable<(string Key, string Payload)> Live(byte[] log)
    {
        var last = new Dictionary<string, (int Order, string Payload)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var range in Lines(log))
        {
            var line = log.AsSpan(range);
            var space = line.IndexOf((byte)' ');
            if (space <= 0)
            {
                continue;
            }

            last[Encoding.UTF8.GetString(line[..space])] = (order++, Encoding.UTF8.GetString(line[(space + 1)..]));
        }

        return last.Where(p => p.Value.Payload != "-").OrderBy(p => p.Value.Order).Select(p => (p.Key, p.Value.Payload));
    }

    public void Append(string key, string payload) => Append(Encoding.UTF8.GetBytes($"\n{key} {payload}"));

    public void AppendRemoval(string key) => Append(Encoding.UTF8.GetBytes($"\n{key} -"));

    private void Append(byte[] line)
    {
        long size;
        var due = false;
        using (LockFile(LockShared))
        {
            var fd = Check(Open(Path, OpenAppend, OwnerReadWrite), "open", Path); // the lock's directory is the log's
            try
            {
                var written = Write(fd, line, line.Length);
                if (written != line.Length)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot append to {Path}: wrote {written} of {line.Length} bytes (errno {Marshal.GetLastPInvokeError()})"));
                }

                size = Seek(fd, 0, SeekEnd);
                if (size >= CompactAtLeast)
                {
                    // Only the header is read here: the whole log is read under the exclusive lock only when compaction is due.
                    Span<byte> head = stackalloc byte[24];
                    var got = ReadAt(fd, head, head.Length, 0);
                    if (got < 0)
                    {
                        throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot read the header of {Path} (errno {Marshal.GetLastPInvokeError()})"));
                    }

                    due = size >= 2 * CompactedSize(head[..(int)got]);
                }
            }
            finally
            {
                _ = Close(fd);
            }
        }

        if (due)
        {
            CompactIfLarge();
        }
    }

    /// <summary>Rewrites the log to its live lines when it has grown past twice its compacted size (and the minimum).</summary>
    public void CompactIfLarge()
    {
        using (LockFile(LockExclusive))
        {
            var log = ReadAll();
            if (log.Length < Math.Max(CompactAtLeast, 2 * CompactedSize(log)))
            {
                return; // another process compacted meanwhile
            }

            var body = new StringBuilder();
            foreach (var (key, payload) in Live(log))
            {
                body.Append('\n').Append(key).Append(' ').Append(payload);
            }

            var content = Encoding.UTF8.GetBytes(body.ToString());
            var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"#{content.Length}"));
            var temporary = Path + ".compact";
            using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
                file.Write(header);
                file.Write(content);
            }

            File.Move(temporary, Path, overwrite: true);
        }
    }

    /// <summary>The size of the live lines when the log was last compacted (its header <c>#&lt;bytes&gt;</c>), else 0.</summary>
    private static long CompactedSize(ReadOnlySpan<byte> log)
    {
        if (log.IsEmpty || log[0] != (byte)'#')
        {
            return 0;
        }

        var end = log.IndexOf((byte)'\n');
        var digits = Encoding.ASCII.GetString(end < 0 ? log[1..] : log[1..end]);
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
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

    private LockHandle LockFile(int operation)
    {
        var path = LockPath;
        var fd = Open(path, OpenLock, OwnerReadWrite);
        if (fd < 0 && Marshal.GetLastPInvokeError() == NoSuchFile)
        {
            // The directory was never set up or was wiped: create it (rare, so not checked before every append).
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            fd = Open(path, OpenLock, OwnerReadWrite);
        }

        fd = Check(fd, "open", path);
        while (Flock(fd, operation) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != 4)
            {
                _ = Close(fd);
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot lock {path} (errno {errno})"));
            }
        }

        return new LockHandle(fd);
    }

    private static int Check(int fd, string what, string path) =>
        fd >= 0 ? fd : throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot {what} {path} (errno {Marshal.GetLastPInvokeError()})"));

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint ReadAt(int fd, Span<byte> buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Seek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>Closing the descriptor releases the flock.</summary>
    private sealed class LockHandle(int fd) : IDisposable
    {
        public void Dispose() => _ = Close(fd);
    }
}
