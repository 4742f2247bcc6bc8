using Multi.Core.Ipam;
using Multi.Core.Validation;
using Xunit;

namespace Multi.Core.Tests.Validation;

public sealed class IpPoolSetValidatorTests
{
    [Theory]
    [InlineData("10.0.0.0/24", "10.0.1.0/24", null)]
    [InlineData("10.0.0.0/24", "10.0.0.128/25", "pool a (10.0.0.0/24) overlaps pool b (10.0.0.128/25)")]
    [InlineData("10.0.0.0/8", "10.200.0.0/16", "pool a (10.0.0.0/8) overlaps pool b (10.200.0.0/16)")]
    [InlineData("10.0.0.5/32", "10.0.0.4/31", "pool a (10.0.0.5/32) overlaps pool b (10.0.0.4/31)")]
    [InlineData("2001:db8::/64", "2001:db8:0:1::/64", null)]
    [InlineData("2001:db8::/48", "2001:db8:0:1::/64", "pool a (2001:db8::/48) overlaps pool b (2001:db8:0:1::/64)")]
    [InlineData("::/0", "0.0.0.0/0", null)]
    [InlineData("10.0.0.1/24", "10.0.0.0/24", null)]
    public void Find_TwoPools_ReportsOverlapOnlyWhenCidrsShareAddresses(string first, string second, string? message)
    {
        var overlaps = IpPoolOverlaps.Find([new("a", new IpPoolSpec { Cidr = first }), new("b", new IpPoolSpec { Cidr = second })]);

        Assert.Equal(message, overlaps.SingleOrDefault()?.Message);
    }

    [Fact]
    public void Validate_MalformedOverlappingAndDuplicatePools_ReportsEachClearly()
    {
        IReadOnlyList<IpPool> pools =
        [
            new("a", new IpPoolSpec { Cidr = "10.0.0.0/16" }),
            new("b", new IpPoolSpec { Cidr = "10.0.5.0/24" }),
            new("c", new IpPoolSpec { Cidr = "10.1.0.1/24" }),
            new("a", new IpPoolSpec { Cidr = "10.2.0.0/24" }),
            new("Bad_Name", new IpPoolSpec { Cidr = "10.3.0.0/24" }),
        ];

        var messages = new IpPoolSetValidator().Validate(pools).Errors.Select(e => e.ErrorMessage).ToList();

        Assert.Equal(
            [
                "pool c: cidr \"10.1.0.1/24\" has host bits set; did you mean 10.1.0.0/24?",
                "pool name \"Bad_Name\" is not a DNS-1123 label (lower-case alphanumerics and '-', at most 63)",
                "pool name \"a\" is used more than once",
                "pool a (10.0.0.0/16) overlaps pool b (10.0.5.0/24)",
            ],
            messages);
    }
}
