using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Multi.Cni.Ipam;

/// <summary>
/// One shard of the journal's storage, <c>journal-NN.log</c>: an append-only file of keyed lines, <c>\n&lt;key&gt; &lt;payload&gt;</c>,
/// shared by every plugin process of the node. The journal decides which shard holds a key (<see cref="ShardOf"/>, of
/// <see cref="Shards"/>), so a read scans a small file however many attachments the node has. The last line of a key is its
/// state; the payload <c>-</c> removes the key.
/// One descriptor per instance (<c>O_RDWR | O_APPEND</c>). An append is one <c>write</c> at the end (so appends never interleave
/// or overwrite) followed by a <c>statx</c>, without a lock. Compactions hold a <c>flock</c> on the log exclusively (only they
/// lock): one marks the log replaced (mode 000), then reads it to its end, writes the live lines to a new file, swaps the two
/// names atomically (<c>renameat2</c> with <c>RENAME_EXCHANGE</c>) and removes the replaced file after releasing the lock.
/// An append whose <c>statx</c> finds its file unmarked completed before the mark, so the compaction read it; one that finds
/// it marked (or without a name) appends the line again to the new log (see <see cref="Append(ReadOnlySpan{byte})"/>). A mark
/// left by a compaction that died before its exchange is taken off by whoever next finds it with no compaction holding the
/// lock. The leading newline ends a line torn by a power loss, so only that line is lost.
/// Reads take no lock (one <c>pread</c>): a compaction never changes the file it replaces, so a read sees a whole log as of
/// some moment after the descriptor was opened, perhaps without lines appended since and perhaps with the last line cut short
/// by an append in progress. Neither concerns the reader's own attachment: the runtime never runs two operations of one
/// container at a time, so every line of that key was appended before this invocation opened the log. A cut pool copy does
/// not parse and is fetched again.
/// Why a log: creating and removing a file per record costs about 1 ms each on ext4 with online discard (the benchmark
/// machine), an append a few microseconds. Why an exchange: renaming over the log makes ext4 write the new file's data out
/// first (<c>auto_da_alloc</c>, 1.5 ms there, under the lock); an exchange takes microseconds, and removing the replaced file
/// (freeing its blocks) happens outside the lock. Compaction runs once a shard has doubled and passed <see cref="CompactAtLeast"/>.
/// </summary>
internal sealed partial class IpamJournalLog(string directory, int shard) : IDisposable
{
    public const int Shards = 32;

    /// <summary>Compaction starts when the shard is this large and twice the size it had after the last compaction.</summary>
    public const long CompactAtLeast = 32 * 1024;

    private const byte Tombstone = (byte)'-';
    private static readonly byte[] StartedMark = " start"u8.ToArray();
    private const int OpenLog = 0x2 | 0x400 | 0x80000; // O_RDWR | O_APPEND | O_CLOEXEC
    private const int Create = 0x40; // O_CREAT
    private const int OwnerReadWrite = 0x180; // 0600
    private const int LockExclusive = 2;
    private const int Unlock = 8;
    private const int NoWait = 4; // LOCK_NB
    private const int Interrupted = 4; // EINTR
    private const int NoSuchFile = 2; // ENOENT
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint WantModeLinksAndSize = 0x2 | 0x4 | 0x200; // STATX_MODE | STATX_NLINK | STATX_SIZE
    private const uint WantInode = 0x100; // STATX_INO
    private const int AtWorkingDirectory = -100; // AT_FDCWD
    private const int InvalidArgument = 22; // EINVAL
    private const int NotSupported = 95; // EOPNOTSUPP
    private const uint ExchangeNames = 2; // RENAME_EXCHANGE
    private SafeFileHandle? handle;
    private long? compactedSize;
    private byte[]? snapshot;
    private int snapshotLength;

    public int Shard { get; } = shard;

    public string Path { get; } = System.IO.Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"journal-{shard:00}.log"));

    /// <summary>The shard that holds <paramref name="key"/>: a stable hash, the same in every process.</summary>
    public static int ShardOf(string key)
    {
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> utf8 = max <= 512 ? stackalloc byte[max] : new byte[max];
        return (int)(System.IO.Hashing.XxHash32.HashToUInt32(utf8[..Encoding.UTF8.GetBytes(key, utf8)]) % Shards);
    }

    /// <summary>Closes the descriptor and returns the snapshot's buffer.</summary>
    public void Dispose()
    {
        Forget();
        CloseDescriptor();
    }

    /// <summary>
    /// The log as this instance last read it (read now when it has not, or has appended since), in a pooled buffer that goes
    /// back to the pool when this instance appends (ADD and DEL do, right after their reads) or is disposed.
    /// </summary>
    public ReadOnlySpan<byte> Snapshot()
    {
        if (snapshot is null)
        {
            (snapshot, snapshotLength) = ReadPooled();
        }

        return snapshot.AsSpan(0, snapshotLength);
    }

    private void Forget()
    {
        if (snapshot is not null)
        {
            ArrayPool<byte>.Shared.Return(snapshot);
            snapshot = null;
        }
    }

    private void CloseDescriptor()
    {
        handle?.Dispose();
        handle = null;
    }

    /// <summary>The whole log (empty when there is none).</summary>
    public byte[] ReadAll()
    {
        var (buffer, length) = ReadPooled();
        var copy = buffer.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return copy;
    }

    /// <summary>
    /// The whole log in a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it): the log is read on every
    /// ADD and DEL, and a fresh array each time would be most of what an ADD allocates. Without a lock (see the type).
    /// </summary>
    public (byte[] Buffer, int Length) ReadPooled()
    {
        var fd = Descriptor(create: false);
        if (fd < 0)
        {
            return (ArrayPool<byte>.Shared.Rent(1), 0); // no log (or no directory) yet: nothing recorded
        }

        var (buffer, length) = ReadAllPooled(fd);
        compactedSize = CompactedSize(buffer.AsSpan(0, length));
        return (buffer, length);
    }

    /// <summary>
    /// The file of <paramref name="fd"/> from its start to its end, in a pooled buffer: one pread for a log below twice the
    /// compaction threshold (a short read of a regular file is its end); a larger log is read on into a larger buffer.
    /// </summary>
    private (byte[] Buffer, int Length) ReadAllPooled(int fd)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)(2 * CompactAtLeast));
        var length = 0;
        while (true)
        {
            var n = ReadOnce(fd, buffer.AsSpan(length), length);
            length += n;
            if (n == 0 || length < buffer.Length)
            {
                break;
            }

            var larger = ArrayPool<byte>.Shared.Rent(2 * buffer.Length);
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        return (buffer, length);
    }

    /// <summary>
    /// The payload of the last line of <paramref name="key"/> in <paramref name="log"/> (a slice of it); false when there is none
    /// or it was removed.
    /// </summary>
    public static bool TryLast(ReadOnlySpan<byte> log, string key, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        var max = Encoding.UTF8.GetMaxByteCount(key.Length) + 2;
        Span<byte> needle = max <= 512 ? stackalloc byte[max] : new byte[max];
        needle[0] = (byte)'\n';
        var length = Encoding.UTF8.GetBytes(key, needle[1..]) + 2;
        needle[length - 1] = (byte)' ';
        needle = needle[..length];
        var at = log.LastIndexOf(needle);
        if (at < 0)
        {
            return false;
        }

        var rest = log[(at + needle.Length)..];
        var end = rest.IndexOf((byte)'\n');
        payload = end < 0 ? rest : rest[..end];
        return !(payload.Length == 1 && payload[0] == Tombstone);
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

    public void Append(string key, string payload) => Append(key, Encoding.UTF8.GetBytes(payload));

    public void AppendRemoval(string key) => Append(key, [Tombstone]);

    /// <summary>Appends the line <c>\n&lt;key&gt; &lt;payload&gt;</c> with one <c>write</c> (the snapshot, if any, is dropped).</summary>
    public void Append(string key, ReadOnlySpan<byte> payload)
    {
        Forget();
        var length = 2 + Encoding.UTF8.GetByteCount(key) + payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var line = rented.AsSpan(0, length);
            line[0] = (byte)'\n';
            var at = 1 + Encoding.UTF8.GetBytes(key, line[1..]);
            line[at] = (byte)' ';
            payload.CopyTo(line[(at + 1)..]);
            Append(line);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// One <c>write</c> at the end, without a lock, then a <c>statx</c>: a file not marked replaced then was marked after this
    /// write completed, so the compaction that marks it reads the line (it reads after marking). A file marked already may
    /// have been read without the line: it is appended again to the log that replaces the file (a line twice is harmless: the
    /// last line of a key wins, and only this attachment's invocation writes its key).
    /// </summary>
    private void Append(ReadOnlySpan<byte> line)
    {
        long size;
        var reopened = false;
        while (true)
        {
            var fd = reopened ? LiveAfterReplacement() : Descriptor(create: true);
            var written = Write(fd, line, line.Length);
            if (written != line.Length)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"cannot append to {Path}: wrote {written} of {line.Length} bytes (errno {Marshal.GetLastPInvokeError()})"));
            }

            if (!IsReplaced(fd, out size))
            {
                if (size >= CompactAtLeast && compactedSize is null)
                {
                    // Not read by this instance yet: the header alone says how large the shard was after its last compaction.
                    Span<byte> head = stackalloc byte[24];
                    compactedSize = CompactedSize(head[..ReadFully(fd, head, 0)]);
                }

                break;
            }

            CloseDescriptor();
            compactedSize = null;
            reopened = true;
        }

        if (size >= CompactAtLeast && size >= 2 * compactedSize)
        {
            CompactIfLarge();
        }
    }
}
