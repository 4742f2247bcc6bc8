using System.Globalization;
using System.Text.Json.Nodes;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// The node-local journal of this node's allocations (ipam-requirements sections 4 and 6): per (pool, attachment) the last
/// record in the node's append-only log (<see cref="IpamJournalLog"/>, key <c>&lt;pool&gt;_&lt;owner hash&gt;</c>). ADD appends the
/// intent naming the candidate before each create, then the committed claim after it; DEL and rollback append a removal, and a
/// DEL that cannot reach the API server a pending release (state releasing) that a later DEL or GC completes.
/// So the last record wins: a committed record after an intent is the claim; an intent last is an interrupted attempt.
/// An attachment's records (of every pool) live in the shard of its owner hash, and a cached pool is written to every shard,
/// so an ADD reads one shard, once (this instance keeps what it read until it appends to that shard).
/// A missing record proves that there was no earlier attempt only if the journal existed before that attempt could have
/// started: see <see cref="IsComplete"/>.
/// Not fsynced: a killed plugin loses nothing (the page cache survives it), and after a power loss the sandboxes it served are
/// gone too; a record lost or torn then only sends DEL (or a repeated ADD) to the label list, which finds the claim.
/// </summary>
internal sealed class IpamJournal : IDisposable
{
    public const string DefaultDirectory = "/var/lib/cni/multi/ipam";
    private const string MarkerFile = "journal";
    private static readonly byte[] InitializedMarker = "{\"since\":\"start\"}"u8.ToArray();
    /// <summary>The shards this instance opened: usually one (an attachment's), all of them to cache a pool or for GC.</summary>
    private readonly List<IpamJournalLog> shards = new(1);
    private readonly TimeProvider clock;
    private readonly TimeSpan fallbackWindow;
    private DateTimeOffset? since;

    /// <summary>A shard read by this instance was created by <see cref="Initialize"/>: the journal is complete (no marker read).</summary>
    private bool startedBeforeAnyAdd;

    public IpamJournal(string directory, TimeProvider clock, TimeSpan fallbackWindow)
    {
        Directory = directory;
        this.clock = clock;
        this.fallbackWindow = fallbackWindow;
    }

    public string Directory { get; }

    /// <summary>Closes the shards' descriptors and returns the buffers still held.</summary>
    public void Dispose()
    {
        foreach (var log in shards)
        {
            log.Dispose();
        }
    }

    /// <summary>The log shard that holds the records of the attachment (container ID, interface).</summary>
    public IpamJournalLog Log(string containerId, string ifName) => Shard(IpamJournalLog.ShardOf(OwnerKey(containerId, ifName)));

    private IpamJournalLog Shard(int shard)
    {
        foreach (var log in shards)
        {
            if (log.Shard == shard)
            {
                return log;
            }
        }

        var opened = new IpamJournalLog(Directory, shard);
        shards.Add(opened);
        return opened;
    }

    /// <summary>The shard's content as this instance last read it (see <see cref="IpamJournalLog.Snapshot"/>).</summary>
    private ReadOnlySpan<byte> Snapshot(IpamJournalLog log)
    {
        var content = log.Snapshot();
        startedBeforeAnyAdd |= IpamJournalLog.IsStarted(content);
        return content;
    }

    /// <summary>
    /// Creates the journal before any ADD ran on this node (node setup, installer: <c>multi-ipam init-journal</c>): its records are
    /// complete from the start. Does nothing when it exists (false). A journal the plugin has to create itself (never set up, or
    /// wiped) gets a fallback window.
    /// </summary>
    public static bool Initialize(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var marker = Path.Combine(directory, MarkerFile);
        if (File.Exists(marker))
        {
            return false;
        }

        // Every shard says so too (header "#0 start"), so that an ADD learns it from the shard it reads anyway; the marker is
        // written last, and a shard already there is left as it is.
        for (var shard = 0; shard < IpamJournalLog.Shards; shard++)
        {
            IpamJournalLog.CreateStarted(directory, shard);
        }

        WriteAtomically(marker, System.Text.Encoding.UTF8.GetString(InitializedMarker));
        return true;
    }

    /// <summary>
    /// True when a missing record means "no earlier attempt": the journal was set up before any ADD, or was created by the plugin
    /// longer ago than the fallback window (the runtime repeats an ADD of the same container ID within its sandbox timeout).
    /// Within the window an attempt from before the journal existed (wiped directory, older plugin) may still be retried, so ADD
    /// asks the API server.
    /// </summary>
    public bool IsComplete()
    {
        if (startedBeforeAnyAdd)
        {
            return true;
        }

        since ??= Since();
        return since == DateTimeOffset.MinValue || clock.GetUtcNow() - since >= fallbackWindow;
    }

    /// <summary>The record of the attachment in the pool; null when there is none (an unreadable line gives an Unreadable record).</summary>
    public IpamJournalRecord? Read(string pool, string containerId, string ifName)
    {
        if (!IpamJournalLog.TryLast(Snapshot(Log(containerId, ifName)), KeyOf(pool, containerId, ifName), out var payload))
        {
            return null;
        }

        var record = IpamJournalRecord.Parse(pool, payload);
        return record.State != IpamJournalState.Unreadable && (record.Pool != pool || record.ContainerId != containerId || record.Interface != ifName)
            ? record with { State = IpamJournalState.Unreadable }
            : record;
    }

    public void Write(IpamJournalRecord record)
    {
        IsComplete();
        Log(record.ContainerId, record.Interface).Append(KeyOf(record.Pool, record.ContainerId, record.Interface), record.ToUtf8().Span);
    }

    /// <summary>Removes the attachment's record in the pool.</summary>
    public void Remove(string pool, string containerId, string ifName)
    {
        if (System.IO.Directory.Exists(Directory))
        {
            var log = Log(containerId, ifName);
            log.AppendRemoval(KeyOf(pool, containerId, ifName));
        }
    }

    /// <summary>
    /// The object last cached under <paramref name="key"/> (a key with a '/', never an attachment's), read from the shard of the
    /// attachment (<paramref name="containerId"/>, <paramref name="ifName"/>) this invocation serves, with the time it was
    /// fetched; null when none is readable. The line's payload is <c>&lt;Unix milliseconds&gt; &lt;JSON object&gt;</c>.
    /// </summary>
    public (DateTimeOffset Fetched, JsonObject Value)? Cached(string key, string containerId, string ifName)
    {
        if (!TryCached(key, containerId, ifName, out var fetched, out var json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) is JsonObject value ? (fetched, value) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The copy cached under <paramref name="key"/> in the shard of the attachment: when it was fetched and its JSON (a slice of
    /// what this instance read, valid until it appends); false when there is none or its line does not read as
    /// <c>&lt;Unix ms&gt; &lt;JSON&gt;</c> (the JSON itself is not checked).
    /// </summary>
    public bool TryCached(string key, string containerId, string ifName, out DateTimeOffset fetched, out ReadOnlySpan<byte> json)
    {
        fetched = default;
        json = default;
        if (!IpamJournalLog.TryLast(Snapshot(Log(containerId, ifName)), key, out var payload)
            || payload.IndexOf((byte)' ') is not (> 0 and var space)
            || !long.TryParse(payload[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        fetched = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        json = payload[(space + 1)..];
        return true;
    }

    /// <summary>Caches <paramref name="value"/>, fetched at <paramref name="fetched"/>, under <paramref name="key"/> in every shard, so that any attachment's read finds it.</summary>
    public void Cache(string key, DateTimeOffset fetched, JsonObject value) => Cache(key, fetched, System.Text.Encoding.UTF8.GetBytes(value.ToJsonString()));

    /// <summary>As <see cref="Cache(string, DateTimeOffset, JsonObject)"/>, for JSON already serialized (one line: never indented).</summary>
    public void Cache(string key, DateTimeOffset fetched, ReadOnlySpan<byte> json)
    {
        IsComplete();
        Span<byte> stamp = stackalloc byte[24];
        fetched.ToUnixTimeMilliseconds().TryFormat(stamp, out var digits, default, CultureInfo.InvariantCulture);
        var payload = new byte[digits + 1 + json.Length];
        stamp[..digits].CopyTo(payload);
        payload[digits] = (byte)' ';
        json.CopyTo(payload.AsSpan(digits + 1));
        for (var shard = 0; shard < IpamJournalLog.Shards; shard++)
        {
            Shard(shard).Append(key, payload);
        }
    }

    /// <summary>Every readable record (for GC).</summary>
    public IEnumerable<IpamJournalRecord> All() =>
        Records(Enumerable.Range(0, IpamJournalLog.Shards).SelectMany(shard => IpamJournalLog.Live(Shard(shard).ReadAll())));

    /// <summary>
    /// The pending releases (<see cref="IpamJournalState.Releasing"/>) in the shard of the attachment (<paramref name="containerId"/>,
    /// <paramref name="ifName"/>), from the content this instance read for it (no further read). A byte search decides first, so a
    /// shard without one costs no parsing.
    /// </summary>
    public List<IpamJournalRecord> PendingInShard(string containerId, string ifName)
    {
        var content = Snapshot(Log(containerId, ifName));
        return content.IndexOf("\"state\":\"releasing\""u8) < 0
            ? []
            : Records(IpamJournalLog.Live(content.ToArray())).Where(r => r.State == IpamJournalState.Releasing).ToList();
    }

    private static IEnumerable<IpamJournalRecord> Records(IEnumerable<(string Key, string Payload)> lines)
    {
        foreach (var (key, payload) in lines.Where(l => !l.Key.Contains('/', StringComparison.Ordinal)))
        {
            var record = IpamJournalRecord.Parse(key[..key.IndexOf('_', StringComparison.Ordinal)], System.Text.Encoding.UTF8.GetBytes(payload));
            if (record.State != IpamJournalState.Unreadable)
            {
                yield return record;
            }
        }
    }

    /// <summary>When the journal started; MinValue when it was set up before any ADD. Creates it (now) when missing.</summary>
    private DateTimeOffset Since()
    {
        var marker = Path.Combine(Directory, MarkerFile);
        Span<byte> start = stackalloc byte[128];
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // Read when no shard said "complete" (a journal the plugin created): three calls, and the common content is compared
            // without parsing.
            var read = State.LibC.ReadStart(marker, start);
            if (read < 0)
            {
                System.IO.Directory.CreateDirectory(Directory);

                // Racing plugins may both write this: either time is as good (both are "now").
                WriteAtomically(marker, new JsonObject { ["since"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());
                continue;
            }

            if (start[..read].SequenceEqual(InitializedMarker))
            {
                return DateTimeOffset.MinValue;
            }

            try
            {
                var text = JsonNode.Parse(read < start.Length ? start[..read] : File.ReadAllBytes(marker))?["since"]?.GetValue<string>();
                return text == "start" ? DateTimeOffset.MinValue : DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentNullException)
            {
                // A torn marker: start the window again.
                WriteAtomically(marker, new JsonObject { ["since"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());
            }
        }

        return clock.GetUtcNow();
    }

    /// <summary>The attachment's key in the log.</summary>
    private string KeyOf(string pool, string containerId, string ifName) => $"{pool}_{OwnerKey(containerId, ifName)}";

    private static string OwnerKey(string containerId, string ifName) => IpAllocationJson.OwnerKey(containerId, ifName);

    private static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Path.GetRandomFileName()}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
