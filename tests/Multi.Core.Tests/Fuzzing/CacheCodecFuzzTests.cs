using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Multi.Core.State;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Fuzzing;

/// <summary>A damaged or hostile cache file is reported as code 102 (and then counts as missing), never thrown.</summary>
public sealed class CacheCodecFuzzTests
{
    private const int Iterations = 3000;

    private static readonly byte[] Valid = AttachmentCacheCodec.Encode(SampleEntries.Rich());

    [Fact]
    public void Decode_RandomBytes_FailsWithCode102()
    {
        FuzzGen.Bytes.Sample(
            bytes =>
            {
                var outcome = AttachmentCacheCodec.Decode(bytes);
                Assert.False(outcome.IsOk);
                Assert.Equal(102u, outcome.Error.Code);
            },
            iter: Iterations);
    }

    [Fact]
    public void Decode_MutatedValidEncoding_NeverThrows()
    {
        var edits = Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte, Gen.Int[0, 3]);

        edits.Array[1, 4].Sample(
            list =>
            {
                var bytes = new List<byte>(Valid);
                foreach (var (at, value, kind) in list)
                {
                    var i = at % Math.Max(bytes.Count, 1);
                    switch (kind)
                    {
                        case 0 when bytes.Count > 0:
                            bytes[i] ^= (byte)(value | 1);
                            break;
                        case 1:
                            bytes.Insert(i, value);
                            break;
                        case 2 when bytes.Count > 0:
                            bytes.RemoveAt(i);
                            break;
                        default:
                            bytes.RemoveRange(i, bytes.Count - i);
                            break;
                    }
                }

                AssertDecodesOrFailsWith102(bytes.ToArray());
            },
            iter: Iterations);
    }

    [Fact]
    public void Decode_SchemaMutationsWithAValidChecksum_NeverThrow()
    {
        var entryText = JsonNode.Parse(Valid)!["entry"]!.ToJsonString();

        FuzzGen.DeepMutations(entryText, 4).Sample(
            entry =>
            {
                var body = Multi.Core.JsonText.Write(entry);
                var envelope = new JsonObject
                {
                    ["formatVersion"] = AttachmentCacheEntry.FormatVersion,
                    ["checksum"] = AttachmentCacheCodec.Checksum(body),
                    ["entry"] = JsonNode.Parse(body),
                };

                AssertDecodesOrFailsWith102(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
            },
            iter: Iterations);
    }

    /// <summary>Either an error with code 102, or an entry that encodes and decodes again.</summary>
    private static void AssertDecodesOrFailsWith102(byte[] bytes)
    {
        var outcome = AttachmentCacheCodec.Decode(bytes);
        if (!outcome.IsOk)
        {
            Assert.Equal(102u, outcome.Error.Code);
            return;
        }

        var again = AttachmentCacheCodec.Decode(AttachmentCacheCodec.Encode(outcome.Value));
        Assert.True(again.IsOk, again.Error?.ToString());
    }
}
