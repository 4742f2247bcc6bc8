using System.Text;
using Multi.Cni.Ipam;

namespace Multi.Cni.Tests.Ipam;

/// <summary>A journal record as the log stores it: written and read back, and every malformed payload read as Unreadable.</summary>
public sealed class IpamJournalRecordTests
{
    [Fact]
    public void Intent_RoundTrips()
    {
        var intent = IpamJournalRecord.Intent("blue", "c1", "net1", "blue.10.1.0.7");

        Assert.Equal(intent, IpamJournalRecord.Parse("blue", intent.ToUtf8().Span));
    }

    [Fact]
    public void Committed_RoundTripsWithEscapedText()
    {
        var committed = new IpamJournalRecord(IpamJournalState.Committed, "blue", "c\"1\\ü\n", "net1", "blue.fd00--7", "uid-1", "fd00::7");

        var text = Encoding.UTF8.GetString(committed.ToUtf8().Span);

        Assert.DoesNotContain('\n', text);
        Assert.Equal(committed, IpamJournalRecord.Parse("blue", committed.ToUtf8().Span));
    }

    [Fact]
    public void Releasing_AfterACommittedRecord_KeepsNameUidAndAddressAndRoundTrips()
    {
        var committed = new IpamJournalRecord(IpamJournalState.Committed, "blue", "c1", "net1", "blue.10.1.0.7", "uid-1", "10.1.0.7");

        var releasing = IpamJournalRecord.Releasing("blue", "c1", "net1", committed);

        Assert.Equal(committed with { State = IpamJournalState.Releasing }, releasing);
        Assert.Contains("\"state\":\"releasing\"", Encoding.UTF8.GetString(releasing.ToUtf8().Span), StringComparison.Ordinal);
        Assert.Equal(releasing, IpamJournalRecord.Parse("blue", releasing.ToUtf8().Span));
    }

    [Fact]
    public void Releasing_AfterAnIntentOrNoRecord_HasNoNameAndRoundTrips()
    {
        var fromIntent = IpamJournalRecord.Releasing("blue", "c1", "net1", IpamJournalRecord.Intent("blue", "c1", "net1", "blue.10.1.0.7"));
        var fromNothing = IpamJournalRecord.Releasing("blue", "c1", "net1", null);

        Assert.Equal(new IpamJournalRecord(IpamJournalState.Releasing, "blue", "c1", "net1", null, null, null), fromIntent);
        Assert.Equal(fromIntent, fromNothing);
        Assert.Equal(fromIntent, IpamJournalRecord.Parse("blue", fromIntent.ToUtf8().Span));
    }

    [Theory]
    [InlineData("{\"state\":\"releasing\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\",\"uid\":\"u\"}", "n", "u")]
    [InlineData("{\"state\":\"releasing\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":null,\"uid\":null,\"address\":null}", null, null)]
    [InlineData("{\"state\":\"releasing\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\"}", null, null)]
    public void Parse_Releasing_WithBothNameAndUidOrNeither(string payload, string? name, string? uid)
    {
        var record = IpamJournalRecord.Parse("blue", Encoding.UTF8.GetBytes(payload));

        Assert.Equal((IpamJournalState.Releasing, "blue", "c1", "net1", name, uid), (record.State, record.Pool, record.ContainerId, record.Interface, record.Name, record.Uid));
    }

    [Theory]
    [InlineData("{\"state\":\"intent\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\",\"extra\":{\"a\":[1,2]}}", "intent")]
    [InlineData("{\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\",\"uid\":\"u\",\"state\":\"committed\"}", "committed")]
    [InlineData("{\"st\\u0061te\":\"intent\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"}", "intent")]
    [InlineData("{\"state\":\"committed\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\",\"uid\":\"u\",\"address\":null}", "committed")]
    public void Parse_WellFormed_AnyOrderUnknownFieldsEscapedNames(string payload, string state)
    {
        var record = IpamJournalRecord.Parse("blue", Encoding.UTF8.GetBytes(payload));

        Assert.Equal(state == "intent" ? IpamJournalState.Intent : IpamJournalState.Committed, record.State);
        Assert.Equal(("blue", "c1", "net1", "n"), (record.Pool, record.ContainerId, record.Interface, record.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"state\":\"intent\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"")]
    [InlineData("{\"state\":\"intent\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"}x")]
    [InlineData("{\"state\":\"intent\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"}{}")]
    [InlineData("{\"state\":\"intent\",\"pool\":7,\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"}")]
    [InlineData("{\"state\":\"intent\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\"}")]
    [InlineData("{\"state\":\"committed\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"}")]
    [InlineData("{\"state\":\"done\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"}")]
    [InlineData("{\"state\":\"intent\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":[],\"name\":\"n\"}")]
    [InlineData("{\"state\":\"releasing\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"name\":\"n\"}")]
    [InlineData("{\"state\":\"releasing\",\"pool\":\"blue\",\"containerId\":\"c1\",\"interface\":\"net1\",\"uid\":\"u\"}")]
    [InlineData("{\"state\":\"releasing\",\"pool\":\"blue\",\"containerId\":\"c1\",\"name\":\"n\",\"uid\":\"u\"}")]
    public void Parse_Malformed_IsUnreadableForThePool(string payload)
    {
        var record = IpamJournalRecord.Parse("blue", Encoding.UTF8.GetBytes(payload));

        Assert.Equal(IpamJournalState.Unreadable, record.State);
        Assert.Equal("blue", record.Pool);
    }
}
