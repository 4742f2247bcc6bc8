using System.Text;
using System.Text.Json.Nodes;
using Multi.Core.State;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.State;

public sealed class AttachmentCacheCodecTests
{
    [Fact]
    public void Decode_OfEncode_ReturnsTheSameEntry()
    {
        var entry = SampleEntries.Rich();

        var decoded = AttachmentCacheCodec.Decode(AttachmentCacheCodec.Encode(entry)).Unwrap();

        Assert.Equal(entry.NetworkName, decoded.NetworkName);
        Assert.Equal(entry.ContainerId, decoded.ContainerId);
        Assert.Equal(entry.IfName, decoded.IfName);
        Assert.Equal(entry.Netns, decoded.Netns);
        Assert.Equal(entry.CniVersion, decoded.CniVersion);
        Assert.Equal(entry.CniArgs, decoded.CniArgs);
        Assert.Equal(TestJson.Text(entry.RuntimeConfig), TestJson.Text(decoded.RuntimeConfig));
        Assert.Equal(entry.Attachments.Length, decoded.Attachments.Length);
        foreach (var (expected, actual) in entry.Attachments.Zip(decoded.Attachments))
        {
            Assert.Equal(expected.Position, actual.Position);
            Assert.Equal(expected.Origin, actual.Origin);
            Assert.Equal(expected.IfName, actual.IfName);
            Assert.Equal(TestJson.Text(expected.Network.ToJson()), TestJson.Text(actual.Network.ToJson()));
            Assert.Equal(expected.CniArgs, actual.CniArgs);
            Assert.Equal(TestJson.Text(expected.RuntimeConfig), TestJson.Text(actual.RuntimeConfig));
            Assert.Equal(expected.State, actual.State);
            if (expected.Result is null)
            {
                Assert.Null(actual.Result);
            }
            else
            {
                ResultAssert.Equal(expected.Result, actual.Result!);
            }
        }
    }

    [Fact]
    public void Encode_Always_IsDeterministic()
    {
        Assert.Equal(AttachmentCacheCodec.Encode(SampleEntries.Rich()), AttachmentCacheCodec.Encode(SampleEntries.Rich()));
    }

    [Fact]
    public void Decode_FlippedByteInAValue_FailsWithCode102NamingTheChecksum()
    {
        var bytes = AttachmentCacheCodec.Encode(SampleEntries.Rich());
        var index = Encoding.UTF8.GetString(bytes).IndexOf("/var/run/netns/pod", StringComparison.Ordinal) + 5;
        bytes[index] ^= 0x01;

        var outcome = AttachmentCacheCodec.Decode(bytes);

        Assert.Equal(102u, outcome.Error!.Code);
        Assert.Contains("checksum", outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AnySingleFlippedByte_FailsWithCode102()
    {
        var original = AttachmentCacheCodec.Encode(SampleEntries.Rich());
        for (var i = 0; i < original.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x20, 0x80 })
            {
                var bytes = (byte[])original.Clone();
                bytes[i] ^= mask;

                var outcome = AttachmentCacheCodec.Decode(bytes);

                Assert.False(outcome.IsOk, $"flip 0x{mask:x2} at {i} went unnoticed");
                Assert.Equal(102u, outcome.Error.Code);
            }
        }
    }

    [Fact]
    public void Decode_EveryTruncation_FailsWithCode102()
    {
        // The final newline only separates the base record from update lines: without it the record is complete.
        var original = AttachmentCacheCodec.Encode(SampleEntries.Rich());
        for (var length = 0; length < original.Length - 1; length++)
        {
            var outcome = AttachmentCacheCodec.Decode(original.AsSpan(0, length));

            Assert.False(outcome.IsOk);
            Assert.Equal(102u, outcome.Error.Code);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(null)]
    public void Decode_WrongFormatVersion_FailsWithCode102(int? formatVersion)
    {
        var envelope = JsonNode.Parse(AttachmentCacheCodec.Encode(SampleEntries.Rich()))!.AsObject();
        envelope["formatVersion"] = formatVersion;

        var outcome = AttachmentCacheCodec.Decode(TestJson.Bytes(TestJson.Text(envelope)));

        Assert.Equal(102u, outcome.Error!.Code);
        Assert.Contains("format version", outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"formatVersion":"1"}""")]
    [InlineData("""{"formatVersion":1}""")]
    [InlineData("""{"formatVersion":1,"entry":[]}""")]
    [InlineData("""{"formatVersion":1,"checksum":5,"entry":{}}""")]
    [InlineData("""{"formatVersion":1,"formatVersion":1,"entry":{}}""")]
    public void Decode_NotAnEntry_FailsWithCode102(string text)
    {
        var outcome = AttachmentCacheCodec.Decode(TestJson.Bytes(text));

        Assert.Equal(102u, outcome.Error!.Code);
    }

    [Theory]
    [InlineData("""{"containerId":"c","ifName":"eth0","cniVersion":"1.0.0","attachments":[]}""")]
    [InlineData("""{"networkName":"m","containerId":"c","ifName":"eth0","cniVersion":"1.0.0","attachments":{}}""")]
    [InlineData("""{"networkName":"m","containerId":"c","ifName":"eth0","cniVersion":"1.0.0","attachments":[{"position":0,"ifName":"eth0","state":"added","network":{"name":"n","plugins":[]}}]}""")]
    [InlineData("""{"networkName":"m","containerId":"c","ifName":"eth0","cniVersion":"1.0.0","attachments":[{"position":0,"ifName":"eth0","state":"running","network":{"name":"n","plugins":[{"type":"bridge"}]}}]}""")]
    [InlineData("""{"networkName":"m","containerId":"c","ifName":"eth0","cniVersion":"1.0.0","attachments":[{"ifName":"eth0","state":"added","network":{"name":"n","plugins":[{"type":"bridge"}]}}]}""")]
    [InlineData("""{"networkName":"m","containerId":"c","ifName":"eth0","cniVersion":"1.0.0","attachments":[{"position":0,"ifName":"eth0","state":"added","network":{"name":"n","plugins":[{"type":"bridge"}]},"result":{"cniVersion":"1.1.0","ips":{}},"resultVersion":"1.1.0"}]}""")]
    [InlineData("""{"networkName":"m","containerId":"c","ifName":"eth0","cniVersion":"1.0.0","attachments":[{"position":0,"ifName":"eth0","state":"added","network":{"name":"n","plugins":[{"type":"bridge"}]},"result":{"cniVersion":"1.1.0"}}]}""")]
    public void Decode_ValidChecksumButBrokenSchema_FailsWithCode102(string entry)
    {
        var body = TestJson.Text(TestJson.Obj(entry));
        var checksum = AttachmentCacheCodec.Checksum(body);
        var envelope = $$"""{"formatVersion":1,"checksum":"{{checksum}}","entry":{{body}}}""";

        var outcome = AttachmentCacheCodec.Decode(TestJson.Bytes(envelope));

        Assert.False(outcome.IsOk);
        Assert.Equal(102u, outcome.Error.Code);
    }
}
