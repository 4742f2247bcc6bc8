using Multi.Core.Ipam;

namespace Multi.Core.Tests.Ipam;

public sealed class IpAllocationKindsTests
{
    [Theory]
    [InlineData(null, "dynamic")]
    [InlineData("", "dynamic")]
    [InlineData("dynamic", "dynamic")]
    [InlineData("static", "static")]
    [InlineData("sticky", "sticky")]
    [InlineData("node-reserved", "node-reserved")]
    public void Normalize_AbsentIsDynamic_AKindStaysItself(string? kind, string expected)
    {
        Assert.Equal(expected, IpAllocationKinds.Normalize(kind));
    }

    [Fact]
    public void All_AreTheFourKindsOfTheCrdEnum()
    {
        Assert.Equal(["dynamic", "static", "sticky", "node-reserved"], IpAllocationKinds.All);
    }
}
