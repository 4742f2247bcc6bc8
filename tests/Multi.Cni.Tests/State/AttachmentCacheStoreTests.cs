using Microsoft.Extensions.Logging.Abstractions;
using Multi.Cni.State;
using Multi.Core.Cni;
using Multi.Core.Delegates;
using Multi.Core.State;
using Multi.Testing;

namespace Multi.Cni.Tests.State;

/// <summary>The intent is written at once and made durable in the background; the last update is flushed on request.</summary>
public sealed class AttachmentCacheStoreTests : IDisposable
{
    private readonly TempDir dir = new();

    [Fact]
    public async Task Write_NewEntry_ReadableBeforeItsFlushCompletesAndNoTemporaryFileLeft()
    {
        var store = new AttachmentCacheStore(dir.Path, NullLogger.Instance);
        var entry = Entry();

        var flush = store.Write(entry);
        var read = store.Read(entry.NetworkName, entry.ContainerId, entry.IfName);
        await flush;

        Assert.NotNull(read);
        Assert.Equal(AttachmentState.Pending, Assert.Single(read.Attachments).State);
        Assert.Equal([Path.GetFileName(store.PathOf(entry.NetworkName, entry.ContainerId, entry.IfName))], Directory.GetFiles(Path.Combine(store.Root, entry.NetworkName)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Flush_AfterAppend_EntryHasTheUpdate()
    {
        var store = new AttachmentCacheStore(dir.Path, NullLogger.Instance);
        var entry = Entry();
        await store.Write(entry);
        var added = entry.Attachments[0] with { State = AttachmentState.Added };

        store.Append(entry, added);
        await store.Flush(entry);

        Assert.Equal(AttachmentState.Added, Assert.Single(store.Read(entry.NetworkName, entry.ContainerId, entry.IfName)!.Attachments).State);
    }

    [Fact]
    public async Task Flush_EntryGone_FailsWithCacheFailure()
    {
        var store = new AttachmentCacheStore(dir.Path, NullLogger.Instance);
        var entry = Entry();
        await store.Write(entry);
        store.Remove(entry.NetworkName, entry.ContainerId, entry.IfName);

        var error = await Assert.ThrowsAsync<CniException>(() => store.Flush(entry));

        Assert.Equal(CniErrorCode.CacheFailure, error.Error.Code);
        Assert.Contains("cannot flush cache entry", error.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DirectoryIsAFile_FailsAtOnceWithCacheFailure()
    {
        var store = new AttachmentCacheStore(dir.Path, NullLogger.Instance);
        Directory.CreateDirectory(store.Root);
        File.WriteAllText(Path.Combine(store.Root, "meta"), "in the way");

        var error = Assert.Throws<CniException>(() => { _ = store.Write(Entry()); });

        Assert.Equal(CniErrorCode.CacheFailure, error.Error.Code);
    }

    [Fact]
    public async Task Remove_UnlinkInBackground_EntryGoneAtOnceAndItsFileUnlinkedAfter()
    {
        var store = new AttachmentCacheStore(dir.Path, NullLogger.Instance) { UnlinkInBackground = true };
        var entry = Entry();
        await store.Write(entry);
        var networkDir = Path.Combine(store.Root, entry.NetworkName);

        store.Remove(entry.NetworkName, entry.ContainerId, entry.IfName);

        Assert.Null(store.Read(entry.NetworkName, entry.ContainerId, entry.IfName));
        Assert.Empty(store.List(entry.NetworkName).Entries);
        Assert.Empty(store.List(entry.NetworkName).Unusable);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Directory.GetFiles(networkDir).Length > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Empty(Directory.GetFiles(networkDir));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Remove_EntryMissing_Succeeds(bool inBackground)
    {
        var store = new AttachmentCacheStore(dir.Path, NullLogger.Instance) { UnlinkInBackground = inBackground };

        store.Remove("meta", "c0ffee", "eth0");

        Assert.False(Directory.Exists(Path.Combine(store.Root, "meta")));
    }

    /// <summary>A retired entry left by a daemon stopped before its unlink is a temporary file the next DEL of the attachment sweeps.</summary>
    [Fact]
    public async Task SweepTemporary_RetiredEntryLeftBehind_Removed()
    {
        var store = new AttachmentCacheStore(dir.Path, NullLogger.Instance);
        var entry = Entry();
        await store.Write(entry);
        var path = store.PathOf(entry.NetworkName, entry.ContainerId, entry.IfName);
        File.Move(path, Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}123456789.tmp"));

        Assert.Equal(1, store.SweepTemporary(entry.NetworkName, entry.ContainerId, entry.IfName));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    public void Dispose() => dir.Dispose();

    private static AttachmentCacheEntry Entry()
    {
        var network = NetworkConfigParser.Parse("""{"cniVersion":"1.0.0","name":"cluster","type":"bridge"}"""u8, "1.0.0", "test").Unwrap();
        return new AttachmentCacheEntry("meta", "c0ffee", "eth0", "/var/run/netns/pod", "1.0.0", "IgnoreUnknown=1", null,
            [new CachedAttachment(0, "cluster", "eth0", network, "IgnoreUnknown=1", null, AttachmentState.Pending, null)]);
    }
}
