using Microsoft.Extensions.Logging;
using Multi.Cni.Logging;
using Multi.Core.Cni;
using Multi.Core.State;

namespace Multi.Cni.State;

/// <summary>
/// Cache entries under <c>&lt;cniDir&gt;/attachments/&lt;network&gt;/&lt;containerID&gt;@&lt;ifname&gt;.json</c>
/// (the container-ID grammar has no '@', so names are unambiguous). Directories are 0700, files 0600.
/// </summary>
/// <remarks>
/// An entry is a journal (docs/design.md, "The attachment cache"): <see cref="Write"/> replaces it atomically
/// (temporary file, rename; file and directory flushed in the background) with a base record, and <see cref="Append"/> adds one
/// checksummed update line per finished delegate. Replacing a file by rename costs a data flush on ext4 anyway,
/// so appending is what keeps the cache cheap on the ADD path. A torn update line is ignored on read, leaving that
/// attachment pending, which DEL deletes all the same. Only the last update of an ADD is flushed (<see cref="Flush"/>): a process crash
/// loses nothing (the page cache survives it), and after an OS crash, when every pod namespace is gone anyway,
/// the flushed base record still names every delegate.
/// </remarks>
internal sealed class AttachmentCacheStore(string cniDir, ILogger logger)
{
    private const UnixFileMode EntryDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode EntryFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const int WouldBlock = 11; // EWOULDBLOCK (EAGAIN) on Linux

    public string Root { get; } = Path.Combine(cniDir, "attachments");

    /// <summary>For a process that outlives its answers (the node daemon): see <see cref="Remove"/>.</summary>
    public bool UnlinkInBackground { get; init; }

    public string PathOf(string network, string containerId, string ifName) => Path.Combine(Root, network, $"{containerId}@{ifName}.json");

    /// <summary>The entry, or null when it is absent or unusable (an unusable entry is logged and counts as missing).</summary>
    public AttachmentCacheEntry? Read(string network, string containerId, string ifName) => ReadFile(PathOf(network, containerId, ifName));

    /// <summary>Every usable entry of a meta network, and the keys of files that could not be used.</summary>
    public (IReadOnlyList<AttachmentCacheEntry> Entries, IReadOnlyList<string> Unusable) List(string network)
    {
        var dir = Path.Combine(Root, network);
        var entries = new List<AttachmentCacheEntry>();
        var unusable = new List<string>();
        if (!Directory.Exists(dir))
        {
            return (entries, unusable);
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            if (ReadFile(file) is { } entry)
            {
                entries.Add(entry);
            }
            else
            {
                unusable.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        return (entries, unusable);
    }

    /// <summary>
    /// Writes atomically (temporary file, rename) and returns the flush that makes the write durable: the file's data, then,
    /// for a new entry, the directory. The flush runs in the background so that the disk's latency overlaps the caller's next
    /// step (the first delegate); await it before relying on durability. Failure, here or in the flush, is code 102.
    /// </summary>
    public Task Write(AttachmentCacheEntry entry)
    {
        var path = PathOf(entry.NetworkName, entry.ContainerId, entry.IfName);
        var dir = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        FileStream? stream = null;
        bool isNew;
        try
        {
            EnsureDirectory(dir);
            isNew = !File.Exists(path);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = EntryFileMode };
            stream = new FileStream(temp, options);
            stream.Write(AttachmentCacheCodec.Encode(entry));
            stream.Flush(flushToDisk: false);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            TryDelete(temp);
            throw new CniException(CniErrorCode.CacheFailure, $"cannot write cache entry {path}", ex.Message);
        }

        // The descriptor still names the renamed file: flushing it after the rename is the same data flush as before it.
        return Task.Run(() => FlushWritten(stream, isNew ? dir : null, path));
    }

    /// <summary>Flushes the entry's file to disk (what was appended since it was written); in the background, like <see cref="Write"/>.</summary>
    public Task Flush(AttachmentCacheEntry entry)
    {
        var path = PathOf(entry.NetworkName, entry.ContainerId, entry.IfName);
        return Task.Run(() =>
        {
            try
            {
                LibC.Fsync(path, directory: false);
            }
            catch (IOException ex)
            {
                throw new CniException(CniErrorCode.CacheFailure, $"cannot flush cache entry {path}", ex.Message);
            }
        });
    }

    /// <summary>Appends an attachment's new state to an existing entry, not flushed (<see cref="Flush"/>); failure is code 102.</summary>
    public void Append(AttachmentCacheEntry entry, CachedAttachment attachment)
    {
        var path = PathOf(entry.NetworkName, entry.ContainerId, entry.IfName);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            using var stream = new FileStream(path, options);
            stream.Write(AttachmentCacheCodec.EncodeUpdate(attachment));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.CacheFailure, $"cannot update cache entry {path}", ex.Message);
        }
    }

    /// <summary>
    /// Removes the entry; failure is code 102. With <see cref="UnlinkInBackground"/> the entry is renamed to a temporary name
    /// (which no reader matches and the sweeps remove) and unlinked on the thread pool: freeing a file's blocks costs 1–3 ms
    /// on a disk mounted with <c>discard</c>, and a long-lived process need not make its caller wait for that.
    /// </summary>
    public void Remove(string network, string containerId, string ifName)
    {
        var path = PathOf(network, containerId, ifName);
        try
        {
            if (!UnlinkInBackground)
            {
                File.Delete(path);
                return;
            }

            // Digits after the process id, so the name never equals the one Write uses for its temporary file.
            var retired = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}{System.Diagnostics.Stopwatch.GetTimestamp()}.tmp");
            File.Move(path, retired);
            _ = Task.Run(() => TryDelete(retired));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Nothing to remove: the same as File.Delete of a missing file.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.CacheFailure, $"cannot remove cache entry {path}", ex.Message);
        }
    }

    /// <summary>
    /// Removes the temporary files a killed <see cref="Write"/> left for one attachment (<c>.&lt;id&gt;@&lt;ifname&gt;.json.&lt;pid&gt;.tmp</c>);
    /// call it holding the entry's lock, which every writer holds. Failures are logged: a temporary file is never read.
    /// </summary>
    public int SweepTemporary(string network, string containerId, string ifName) =>
        Sweep(network, key => key.ContainerId == containerId && key.IfName == ifName);

    /// <summary>GC: removes the temporary files of every attachment that is not in <paramref name="valid"/>.</summary>
    public int SweepTemporaryExcept(string network, IReadOnlySet<(string ContainerId, string IfName)> valid) =>
        Sweep(network, key => !valid.Contains(key));

    private int Sweep(string network, Func<(string ContainerId, string IfName), bool> matches)
    {
        var dir = Path.Combine(Root, network);
        var removed = 0;
        try
        {
            if (!Directory.Exists(dir))
            {
                return 0;
            }

            foreach (var file in Directory.EnumerateFiles(dir, ".*.tmp"))
            {
                if (TemporaryKey(Path.GetFileName(file)) is { } key && matches(key))
                {
                    File.Delete(file);
                    removed++;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.TemporaryFilesNotRemoved(dir, ex.Message);
        }

        return removed;
    }

    /// <summary>The attachment of a temporary file's name, or null for any other name (the container ID has no '@').</summary>
    internal static (string ContainerId, string IfName)? TemporaryKey(string fileName)
    {
        if (!fileName.StartsWith('.') || !fileName.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return null;
        }

        var body = fileName[1..^4];
        var pid = body.LastIndexOf('.');
        if (pid < 0 || pid == body.Length - 1 || body.AsSpan(pid + 1).ContainsAnyExceptInRange('0', '9') || !body[..pid].EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        var key = body[..(pid - 5)];
        var at = key.IndexOf('@');
        return at <= 0 ? null : (key[..at], key[(at + 1)..]);
    }

    /// <summary>
    /// Serialises operations on one entry across processes (runtimes do not run two operations for one
    /// container at once, but nothing else prevents it). Waits at most <paramref name="timeout"/>.
    /// </summary>
    public Task<IDisposable> LockAsync(string network, string containerId, string ifName, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var path = Path.ChangeExtension(PathOf(network, containerId, ifName), ".lock");
        return LockFileAsync(path, "cache entry", stream => new EntryLock(stream, path), timeout, clock, cancellationToken);
    }

    /// <summary>
    /// Serialises ADD and DEL per device on the node (host-interfaces.md, section 10, "Device hygiene"), across the
    /// <c>multi</c> processes and the node daemon: <c>&lt;cniDir&gt;/devices/&lt;resource&gt;_&lt;deviceID&gt;.lock</c>, with '/'
    /// as '-'. The lock files stay (one per device the node has handed out), so that a waiter never locks a removed file.
    /// </summary>
    public Task<IDisposable> LockDeviceAsync(string resource, string deviceId, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var path = Path.Combine(cniDir, "devices", $"{resource.Replace('/', '-')}_{deviceId.Replace('/', '-')}.lock");
        return LockFileAsync(path, $"device {deviceId} of resource {resource}", stream => stream, timeout, clock, cancellationToken);
    }

    private static async Task<IDisposable> LockFileAsync(
        string path, string what, Func<FileStream, IDisposable> held, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                EnsureDirectory(Path.GetDirectoryName(path)!);
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, UnixCreateMode = EntryFileMode };
                return held(new FileStream(path, options));
            }
            catch (IOException ex) when (IsHeldByAnother(ex) && clock.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), clock, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex) when (IsHeldByAnother(ex))
            {
                throw new CniException(CniErrorCode.TryAgainLater, $"cannot lock {what} ({path}) within {timeout.TotalSeconds:0} s", ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Only contention is worth waiting for; anything else (a name too long, a read-only disk) fails now.
                throw new CniException(CniErrorCode.CacheFailure, $"cannot lock {what} ({path})", ex.Message);
            }
        }
    }

    /// <summary>When the entry file was last written (its ADD's last update), or null when there is none.</summary>
    public DateTime? WrittenAt(string network, string containerId, string ifName)
    {
        var info = new FileInfo(PathOf(network, containerId, ifName));
        return info.Exists ? info.LastWriteTimeUtc : null;
    }

    /// <summary>The lock is held by another process: .NET reports flock's EWOULDBLOCK with the errno as HResult.</summary>
    private static bool IsHeldByAnother(IOException ex) => ex.HResult == WouldBlock && ex is not PathTooLongException;

    private AttachmentCacheEntry? ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.CorruptEntry(path, ex.Message);
            return null;
        }

        var decoded = AttachmentCacheCodec.Decode(bytes);
        if (!decoded.IsOk)
        {
            logger.CorruptEntry(path, decoded.Error.Msg);
            return null;
        }

        return decoded.Value;
    }

    private static void FlushWritten(FileStream stream, string? newInDirectory, string path)
    {
        try
        {
            using (stream)
            {
                stream.Flush(flushToDisk: true);
            }

            if (newInDirectory is not null)
            {
                LibC.Fsync(newInDirectory, directory: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.CacheFailure, $"cannot write cache entry {path}", ex.Message);
        }
    }

    private static void EnsureDirectory(string dir)
    {
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, EntryDirectoryMode);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file never matches "*.json".
        }
    }

    /// <summary>Holds the lock; releasing removes the lock file only when the entry itself is gone.</summary>
    private sealed class EntryLock(FileStream stream, string path) : IDisposable
    {
        public void Dispose()
        {
            if (!File.Exists(Path.ChangeExtension(path, ".json")))
            {
                TryDelete(path);
            }

            stream.Dispose();
        }
    }
}
