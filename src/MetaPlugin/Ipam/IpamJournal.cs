using System.Globalization;
using System.Text.Json.Nodes;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// The node-local journal of this node's allocations (ipam-requirements sections 4 and 6): one file per (pool, attachment),
/// <c>&lt;pool&gt;_&lt;owner hash&gt;.json</c>, replaced atomically (temporary file + rename). ADD writes an intent naming the
/// candidate before each create and the committed claim after it; DEL removes the record after the release.
/// A missing record proves that there was no earlier attempt only if the journal existed before that attempt could have
/// started: see <see cref="IsComplete"/>.
/// Not fsynced: a killed plugin loses nothing (the page cache survives it), and after a power loss the sandboxes it served are
/// gone too; a record lost or torn then only sends DEL (or a repeated ADD) to the label list, which finds the claim.
/// </summary>
internal sealed class IpamJournal
{
    public const string DefaultDirectory = "/var/lib/cni/multi/ipam";
    private const string MarkerFile = "journal";
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
        string text;
        try
        {
            text = File.ReadAllText(PathOf(pool, containerId, ifName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
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
        WriteAtomically(PathOf(record.Pool, record.ContainerId, record.Interface), record.ToJson().ToJsonString());
    }

    public void Remove(string pool, string containerId, string ifName)
    {
        try
        {
            File.Delete(PathOf(pool, containerId, ifName));
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

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*_*.json"))
        {
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

    private string PathOf(string pool, string containerId, string ifName) =>
        Path.Combine(Directory, $"{pool}_{IpamClaimJson.OwnerKey(containerId, ifName)}.json");

    private static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Path.GetRandomFileName()}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
