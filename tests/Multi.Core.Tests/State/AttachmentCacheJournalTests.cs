using Multi.Core.State;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.State;

/// <summary>The cache entry as a journal: a base record, then one update line per finished delegate.</summary>
public sealed class AttachmentCacheJournalTests
{
    private static AttachmentCacheEntry Intent() => SampleEntries.For(
        "c1",
        ("eth0", "cluster", AttachmentState.Pending),
        ("net1", "net-a", AttachmentState.Pending),
        ("net2", "net-b", AttachmentState.Pending));

    private static CachedAttachment Added(AttachmentCacheEntry entry, int position) =>
        entry.Attachments[position] with { State = AttachmentState.Added, Result = SampleResults.Rich11 };

    private static byte[] Journal(AttachmentCacheEntry entry, params CachedAttachment[] updates) =>
        [.. AttachmentCacheCodec.Encode(entry), .. updates.SelectMany(AttachmentCacheCodec.EncodeUpdate)];

    [Fact]
    public void Decode_BaseWithUpdates_AppliesThemInOrder()
    {
        var intent = Intent();

        var entry = AttachmentCacheCodec.Decode(Journal(intent, Added(intent, 0), Added(intent, 1), Added(intent, 2))).Unwrap();

        Assert.True(entry.IsComplete);
        Assert.All(entry.Attachments, a => Assert.Equal(SampleResults.Rich11.Ips, a.Result!.Ips));
    }

    [Fact]
    public void Decode_LaterUpdateOfTheSameAttachment_Wins()
    {
        var intent = Intent();
        var deleted = Added(intent, 1) with { State = AttachmentState.Deleted };

        var entry = AttachmentCacheCodec.Decode(Journal(intent, Added(intent, 1), deleted)).Unwrap();

        Assert.Equal(AttachmentState.Deleted, entry.Attachments[1].State);
    }

    [Fact]
    public void Decode_EveryTruncationOfTheLastUpdate_LeavesThatAttachmentPending()
    {
        var intent = Intent();
        var complete = Journal(intent, Added(intent, 0), Added(intent, 1));
        var lastLine = AttachmentCacheCodec.EncodeUpdate(Added(intent, 1)).Length;

        for (var cut = 1; cut <= lastLine; cut++)
        {
            var entry = AttachmentCacheCodec.Decode(complete.AsSpan(0, complete.Length - cut)).Unwrap();

            Assert.Equal(AttachmentState.Added, entry.Attachments[0].State);
            Assert.Equal(AttachmentState.Pending, entry.Attachments[1].State);
        }
    }

    [Fact]
    public void Decode_DamagedUpdate_EndsTheReplayThere()
    {
        var intent = Intent();
        var bytes = Journal(intent, Added(intent, 0), Added(intent, 1), Added(intent, 2));
        var secondUpdate = AttachmentCacheCodec.Encode(intent).Length + AttachmentCacheCodec.EncodeUpdate(Added(intent, 0)).Length;
        bytes[secondUpdate + 40] ^= 0x01;

        var entry = AttachmentCacheCodec.Decode(bytes).Unwrap();

        Assert.Equal([AttachmentState.Added, AttachmentState.Pending, AttachmentState.Pending], entry.Attachments.Select(a => a.State));
    }

    [Fact]
    public void Decode_UpdateForAnUnknownPosition_EndsTheReplay()
    {
        var intent = Intent();
        var stranger = Added(intent, 2) with { Position = 9 };

        var entry = AttachmentCacheCodec.Decode(Journal(intent, stranger, Added(intent, 0))).Unwrap();

        Assert.All(entry.Attachments, a => Assert.Equal(AttachmentState.Pending, a.State));
    }

    [Fact]
    public void EncodeUpdate_IsOneLine()
    {
        var line = AttachmentCacheCodec.EncodeUpdate(Added(Intent(), 0));

        Assert.Equal((byte)'\n', line[^1]);
        Assert.Equal(1, line.Count(b => b == (byte)'\n'));
    }
}
