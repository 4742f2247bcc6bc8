using System.Globalization;
using System.Text.Json.Nodes;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// The node-local journal of this node's allocations (ipam-requirements sections 4 and 6). Per (pool, attachment) the
/// committed record <c>&lt;pool&gt;_&lt;owner hash&gt;.json</c> and, while a create is unresolved, the intent
/// <c>&lt;pool&gt;_&lt;owner hash&gt;.intent</c>, each written atomically (temporary file + rename). ADD writes the intent naming
/// the candidate before each create (removing a committed record first), then the committed claim; the intent stays until DEL
/// removes both. So a committed record is always newer than an intent beside it and wins; an intent alone is an interrupted
/// attempt. Why not one file rewritten, or the intent removed at once: replacing or removing a file frees its blocks, which
/// costs about 1.3 ms on the benchmark machine (ext4, online discard) against under 0.1 ms for writing a fresh name; the
/// common ADD path only writes fresh names.
/// A missing record proves that there was no earlier attempt only if the journal existed before that attempt could have
/// started: see <see cref="IsComplete"/>.
/// Not fsynced: a killed plugin loses nothing (the page cache survives it), and after a power loss the sandboxes it served are
/// gone too; a record lost or torn then only sends DEL (or a repeated ADD) to the label list, which finds the claim.
/// </summary>
internal sealed class IpamJournal
{
    public const string DefaultDirectory = "/var/lib/cni/multi/ipam";
    private const string MarkerFile = "journal";
    private const string CommittedSuffix = ".json";
    private const string IntentSuffix = ".intent";
    private readonly TimeProvider clock;
    private readonly TimeSpan fallbackWindow;
    private DateTimeOffset? since;

    public IpamJournal(string directory, TimeProvider clock, TimeSpan fallbackWindow)
    {
        Directory = directory;
        this.clock = clock;
        this.fallbackWindow = fallbackWindow;
    }

    public string Directory { get; }

    /// <summary>
    /// Creates the journal before any ADD ran on this node (node setup, installer): its records are complete from the start.
    /// Does nothing when it exists. A journal the plugin has to create itself (never set up, or wiped) gets a fallback window.
    /// </summary>
    public static void Initialize(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var marker = Path.Combine(directory, MarkerFile);
        if (!File.Exists(marker))
        {
            WriteAtomically(marker, new JsonObject { ["since"] = "start" }.ToJsonString());
        }
    }

    /// <summary>
    /// True when a missing record means "no earlier attempt": the journal was set up before any ADD, or was created by the plugin
    /// longer ago than the fallback window (the runtime repeats an ADD of the same container ID within its sandbox timeout).
    /// Within the window an attempt from before the journal existed (wiped directory, older plugin) may still be retried, so ADD
    /// asks the API server.
    /// </summary>
    public bool IsComplete()
    {
        since ??= Since();
        return since == DateTimeOffset.MinValue || clock.GetUtcNow() - since >= fallbackWindow;
    }

    /// <summary>The record of the attachment in the pool; null when there is none (an unreadable file gives an Unreadable record).</summary>
    public IpamJournalRecord? Read(string pool, string containerId, string ifName)
    {
        var path = PathOf(pool, containerId, ifName);
        if ((TryRead(path + CommittedSuffix) ?? TryRead(path + IntentSuffix)) is not { } text)
        {
            return null;
        }

        var record = IpamJournalRecord.Parse(pool, text);
        return record.State != IpamJournalState.Unreadable && (record.Pool != pool || record.ContainerId != containerId || record.Interface != ifName)
            ? record with { State = IpamJournalState.Unreadable }
            : record;
    }

    public void Write(IpamJournalRecord record)
    {
        IsComplete();
        var path = PathOf(record.Pool, record.ContainerId, record.Interface);
        if (record.State == IpamJournalState.Intent)
        {
            // A new attempt: the committed record it replaces (claim gone) must not outrank it.
            if (File.Exists(path + CommittedSuffix))
            {
                File.Delete(path + CommittedSuffix);
            }

            WriteAtomically(path + IntentSuffix, record.ToJson().ToJsonString());
            return;
        }

        WriteAtomically(path + CommittedSuffix, record.ToJson().ToJsonString());
    }

    /// <summary>Removes the attachment's records in the pool.</summary>
    public void Remove(string pool, string containerId, string ifName)
    {
        var path = PathOf(pool, containerId, ifName);
        try
        {
            File.Delete(path + IntentSuffix);
            File.Delete(path + CommittedSuffix);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Every readable record (for GC).</summary>
    public IEnumerable<IpamJournalRecord> All()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*_*"))
        {
            if (!file.EndsWith(CommittedSuffix, StringComparison.Ordinal) && !file.EndsWith(IntentSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            var name = Path.GetFileName(file);
            var record = IpamJournalRecord.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], text);
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
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                var text = JsonNode.Parse(File.ReadAllText(marker))?["since"]?.GetValue<string>();
                return text == "start" ? DateTimeOffset.MinValue : DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                System.IO.Directory.CreateDirectory(Directory);

                // Racing plugins may both write this: either time is as good (both are "now").
                WriteAtomically(marker, new JsonObject { ["since"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentNullException)
            {
                // A torn marker: start the window again.
                WriteAtomically(marker, new JsonObject { ["since"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());
            }
        }

        return clock.GetUtcNow();
    }

    /// <summary>The records' path without suffix.</summary>
    private string PathOf(string pool, string containerId, string ifName) =>
        Path.Combine(Directory, $"{pool}_{IpamClaimJson.OwnerKey(containerId, ifName)}");

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Path.GetRandomFileName()}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
