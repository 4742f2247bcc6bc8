using Multi.Core.Cni;
using Xunit;

namespace Multi.Core.Tests.Cni;

public sealed class CniVersionTests
{
    [Fact]
    public void Supported_Always_IsExactlyTheSevenSpecVersionsInOrder()
    {
        Assert.Equal(["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"], CniVersion.Supported);
    }

    [Fact]
    public void Latest_Always_Is110()
    {
        Assert.Equal("1.1.0", CniVersion.Latest);
    }

    [Theory]
    [InlineData("0.1.0", true)]
    [InlineData("0.3.1", true)]
    [InlineData("1.1.0", true)]
    [InlineData("1.2.0", false)]
    [InlineData("0.5.0", false)]
    [InlineData("1.1", false)]
    [InlineData("1.1.0 ", false)]
    [InlineData("v1.1.0", false)]
    [InlineData("01.1.0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsSupported_Table_MatchesTheLiteralList(string? version, bool expected)
    {
        Assert.Equal(expected, CniVersion.IsSupported(version));
    }

    [Theory]
    [InlineData("0.1.0", 0, 1, 0)]
    [InlineData("1.1.0", 1, 1, 0)]
    [InlineData("10.20.30", 10, 20, 30)]
    [InlineData("01.002.0", 1, 2, 0)]
    [InlineData("2.0.0", 2, 0, 0)]
    public void TryParse_WellFormed_ReturnsTheNumbers(string text, int major, int minor, int patch)
    {
        Assert.True(CniVersion.TryParse(text, out var version));
        Assert.Equal(new Version(major, minor, patch), version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("1..0")]
    [InlineData(".1.0")]
    [InlineData("1.0.")]
    [InlineData("v1.0.0")]
    [InlineData("1.0.0-rc1")]
    [InlineData("1.0.0 ")]
    [InlineData(" 1.0.0")]
    [InlineData("-1.0.0")]
    [InlineData("+1.0.0")]
    [InlineData("1.a.0")]
    [InlineData("1.٣.0")]
    [InlineData("99999999999.0.0")]
    [InlineData("garbage")]
    [InlineData("１.0.0")]
    public void TryParse_Garbage_ReturnsFalse(string? text)
    {
        Assert.False(CniVersion.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1.1.0", "1.1.0", true)]
    [InlineData("1.1.0", "0.4.0", true)]
    [InlineData("1.0.0", "1.1.0", false)]
    [InlineData("0.4.0", "0.4.0", true)]
    [InlineData("0.3.1", "0.4.0", false)]
    [InlineData("0.10.0", "0.4.0", true)]
    [InlineData("2.0.0", "1.1.0", true)]
    [InlineData("garbage", "0.1.0", false)]
    [InlineData("", "0.1.0", false)]
    [InlineData(null, "0.1.0", false)]
    [InlineData("1.1.0", "garbage", false)]
    public void AtLeast_Table_ComparesNumerically(string? version, string minimum, bool expected)
    {
        Assert.Equal(expected, CniVersion.AtLeast(version, minimum));
    }

    [Theory]
    [InlineData("0.1.0", true)]
    [InlineData("0.2.0", true)]
    [InlineData("0.3.0", false)]
    [InlineData("1.1.0", false)]
    public void IsLegacy_Table_OnlyTheTwoOldestVersions(string version, bool expected)
    {
        Assert.Equal(expected, CniVersion.IsLegacy(version));
    }
}
