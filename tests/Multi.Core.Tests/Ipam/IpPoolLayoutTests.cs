using System.Net;
using Multi.Core.Ipam;
using Xunit;

namespace Multi.Core.Tests.Ipam;

public sealed class IpPoolLayoutTests
{
    [Theory]
    [InlineData("10.0.0.0/24", "", "", null, "254", "10.0.0.1", "10.0.0.254")]
    [InlineData("10.0.0.0/24", "", "", "10.0.0.1", "253", "10.0.0.2", "10.0.0.254")]
    [InlineData("10.0.0.0/24", "", "", "10.0.0.254", "253", "10.0.0.1", "10.0.0.253")]
    [InlineData("10.0.0.0/24", "10.0.0.0-10.0.0.255", "", null, "254", "10.0.0.1", "10.0.0.254")]
    [InlineData("10.0.0.0/24", "10.0.0.10-10.0.0.20,10.0.0.15-10.0.0.30", "10.0.0.12,10.0.0.16/30", "10.0.0.1", "16", "10.0.0.10", "10.0.0.30")]
    [InlineData("10.0.0.0/24", "10.0.0.10-10.0.0.20", "10.0.0.10-10.0.0.19", null, "1", "10.0.0.20", "10.0.0.20")]
    [InlineData("10.0.0.0/24", "", "10.0.0.100-10.0.0.199", null, "154", "10.0.0.1", "10.0.0.254")]
    [InlineData("10.0.0.0/30", "", "", null, "2", "10.0.0.1", "10.0.0.2")]
    [InlineData("10.0.0.0/31", "", "", null, "2", "10.0.0.0", "10.0.0.1")]
    [InlineData("10.0.0.0/31", "", "", "10.0.0.0", "1", "10.0.0.1", "10.0.0.1")]
    [InlineData("10.0.0.7/32", "", "", null, "1", "10.0.0.7", "10.0.0.7")]
    [InlineData("10.0.0.0/8", "", "", "10.0.0.1", "16777213", "10.0.0.2", "10.255.255.254")]
    [InlineData("2001:db8::/64", "", "", null, "18446744073709551615", "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8::/64", "", "2001:db8::/120", "2001:db8::1", "18446744073709551360", "2001:db8::100", "2001:db8::ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8::/120", "", "", null, "255", "2001:db8::1", "2001:db8::ff")]
    [InlineData("2001:db8::/120", "2001:db8::f0-2001:db8::ff", "", "2001:db8::ff", "15", "2001:db8::f0", "2001:db8::fe")]
    [InlineData("2001:db8::/127", "", "", null, "2", "2001:db8::", "2001:db8::1")]
    [InlineData("2001:db8::5/128", "", "", null, "1", "2001:db8::5", "2001:db8::5")]
    [InlineData("::/0", "", "", null, "340282366920938463463374607431768211455", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void Create_Table_CapacityFirstAndLast(string cidr, string ranges, string exclude, string? gateway, string capacity, string first, string last)
    {
        var layout = IpPoolLayout.Create("p", Spec(cidr, ranges, exclude, gateway)).Unwrap();

        Assert.Equal(capacity, layout.CapacityText);
        Assert.Equal(IPAddress.Parse(first), layout.AddressAt(0));
        Assert.Equal(IPAddress.Parse(last), layout.AddressAt(layout.Capacity - 1));
        Assert.True(layout.TryIndexOf(IPAddress.Parse(last), out var index) && index == layout.Capacity - 1);
        Assert.InRange(layout.Intervals.Count, 1, 4);
    }

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.0", "the network address")]
    [InlineData("10.0.0.0/24", "10.0.0.255", "the broadcast address")]
    [InlineData("10.0.0.0/24", "10.0.0.1", "the gateway")]
    [InlineData("10.0.0.0/24", "10.0.0.50", "excluded")]
    [InlineData("10.0.0.0/24", "10.0.0.201", "outside the pool's ranges")]
    [InlineData("10.0.0.0/24", "10.0.1.1", "outside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.0/24", "::ffff:10.0.0.5", "outside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.0/24", "10.0.0.5", null)]
    [InlineData("2001:db8::/64", "2001:db8::", "the network address")]
    [InlineData("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff", null)]
    [InlineData("2001:db8::/64", "10.0.0.5", "outside cidr 2001:db8::/64")]
    public void WhyNotAllocatable_Table_NamesTheReason(string cidr, string address, string? reason)
    {
        var v6 = cidr.Contains(':', StringComparison.Ordinal);
        var spec = v6 ? Spec(cidr, "", "", null) : Spec(cidr, "10.0.0.0-10.0.0.200", "10.0.0.48/29", "10.0.0.1");
        var layout = IpPoolLayout.Create("p", spec).Unwrap();

        Assert.Equal(reason, layout.WhyNotAllocatable(IPAddress.Parse(address)));
        Assert.Equal(reason is null, layout.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.1/24", "", "", null, "cidr \"10.0.0.1/24\" has host bits set; did you mean 10.0.0.0/24?")]
    [InlineData("10.0.0.0", "", "", null, "cidr \"10.0.0.0\" is not a CIDR")]
    [InlineData("10.0.0.0/24", "10.0.1.1-10.0.1.5", "", null, "ranges[0].start \"10.0.1.1\" is outside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.0/24", "10.0.0.9-10.0.0.5", "", null, "ranges[0]: start \"10.0.0.9\" is after end \"10.0.0.5\"")]
    [InlineData("10.0.0.0/24", "", "10.0.0.0/23", null, "exclude[0] \"10.0.0.0/23\" is not inside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.0/24", "", "", "2001:db8::1", "gateway \"2001:db8::1\" is IPv6 but cidr 10.0.0.0/24 is IPv4")]
    [InlineData("10.0.0.0/24", "", "", "10.0.0.255", "gateway \"10.0.0.255\" is the broadcast address of 10.0.0.0/24")]
    [InlineData("10.0.0.0/24", "", "10.0.0.0/24", null, "no allocatable address in cidr 10.0.0.0/24")]
    [InlineData("10.0.0.0/32", "", "", "10.0.0.0", "no allocatable address")]
    public void Create_BadSpec_Fails123NamingPoolAndField(string cidr, string ranges, string exclude, string? gateway, string message)
    {
        var layout = IpPoolLayout.Create("blue", Spec(cidr, ranges, exclude, gateway));

        Assert.False(layout.IsOk);
        Assert.Equal(123u, layout.Error.Code);
        Assert.StartsWith("pool blue is unusable: ", layout.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(message, layout.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void AddressAt_IndexAtCapacity_Throws()
    {
        var layout = IpPoolLayout.Create("p", Spec("10.0.0.0/30", "", "", null)).Unwrap();

        Assert.Throws<ArgumentOutOfRangeException>(() => layout.AddressAt(2));
    }

    internal static IpPoolSpec Spec(string cidr, string ranges, string exclude, string? gateway) => new()
    {
        Cidr = cidr,
        Ranges = [.. Split(ranges).Select(r => r.Split('-')).Select(p => new IpRangeSpec(p[0], p[1]))],
        Exclude = Split(exclude),
        Gateway = gateway,
    };

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');
}
