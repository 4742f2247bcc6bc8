using System.Text;
using CsCheck;
using Multi.Core.Hashing;

namespace Multi.Core.Tests.Hashing;

/// <summary>The managed SHA-256: the published test vectors, and the same bytes as the framework's for every length and random input.</summary>
public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void KnownVectors(string text, string hex)
    {
        Assert.Equal(hex, Hex(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void MillionAs_KnownVector()
    {
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex(Enumerable.Repeat((byte)'a', 1_000_000).ToArray()));
    }

    [Fact]
    public void EveryLengthAroundTheBlockBoundaries_SameAsTheFramework()
    {
        var data = Enumerable.Range(0, 300).Select(i => (byte)(i * 31 + 7)).ToArray();
        for (var length = 0; length <= data.Length; length++)
        {
            var input = data.AsSpan(0, length);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input)), Hex(input));
        }
    }

    [Fact]
    public void RandomInput_SameAsTheFramework()
    {
        Gen.Byte.Array[0, 2000].Sample(bytes =>
            Hex(bytes) == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    [Fact]
    public void ShortDestination_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Sha256.HashData([1], new byte[31]));
    }

    private static string Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Sha256.HashSize];
        Sha256.HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }
}
