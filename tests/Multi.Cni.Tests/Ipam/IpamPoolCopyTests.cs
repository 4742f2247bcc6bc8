using System.Text;
using Multi.Cni.Ipam;
using Multi.Core.Ipam;

namespace Multi.Cni.Tests.Ipam;

/// <summary>The journal's copy of a pool's spec: written and read back member by member, and anything else read as no copy.</summary>
public sealed class IpamPoolCopyTests
{
    private static readonly IpPoolSpec Full = new()
    {
        Cidr = "fd00:1::/64",
        Ranges = [new IpRangeSpec("fd00:1::10", "fd00:1::ff"), new IpRangeSpec("fd00:1::1:0", "fd00:1::1:ff")],
        Exclude = ["fd00:1::20/126", "fd00:1::30"],
        Gateway = "fd00:1::1",
        Routes = [new IpRouteSpec("::/0", "fd00:1::1"), new IpRouteSpec("fd00:9::/48")],
        Dns = new IpDnsSpec { Nameservers = ["fd00::53"], Domain = "example.org", Search = ["a.example.org", "b\"ü\\"], Options = ["ndots:2"] },
        StickyAddresses = true,
        NodeSelector = new Dictionary<string, string> { ["zone"] = "z1", ["multi.dev/pool-node"] = "true" },
    };

    [Fact]
    public void FullSpec_RoundTrips()
    {
        var copy = IpamPoolCopy.Parse(IpamPoolCopy.ToUtf8(Full))!;

        Assert.Equal(Describe(Full), Describe(copy));
    }

    [Fact]
    public void MinimalSpec_RoundTripsWithEmptyMembersLeftOut()
    {
        var minimal = new IpPoolSpec { Cidr = "10.1.0.0/24" };

        var utf8 = IpamPoolCopy.ToUtf8(minimal);

        Assert.Equal("""{"cidr":"10.1.0.0/24"}""", Encoding.UTF8.GetString(utf8));
        Assert.Equal(Describe(minimal), Describe(IpamPoolCopy.Parse(utf8)!));
    }

    [Fact]
    public void Copy_IsOneLine()
    {
        Assert.DoesNotContain((byte)'\n', IpamPoolCopy.ToUtf8(Full with { Gateway = "line\nbreak" }));
    }

    [Theory]
    [InlineData("""{"spec":{"cidr":"10.1.0.0/24"}}""")] // a copy as an older version wrote it
    [InlineData("""{"gateway":"10.1.0.1"}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","unknown":1}""")]
    [InlineData("""{"cidr":7}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","ranges":[["10.1.0.1"]]}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","ranges":[["10.1.0.1","10.1.0.9","10.1.0.10"]]}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","routes":[[]]}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","exclude":"10.1.0.5"}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","exclude":[5]}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","gateway":null}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","stickyAddresses":"true"}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","dns":{"nameservers":["1.1.1.1"],"port":53}}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","nodeSelector":{"zone":"a","zone":"b"}}""")]
    [InlineData("""{"cidr":"10.1.0.0/24","nodeSelector":{"zone":1}}""")]
    [InlineData("""{"cidr":"\ud800"}""")]
    [InlineData("""{"cidr":"10.1.0.0/24"} {}""")]
    [InlineData("""{"cidr":"10.1.0.0/24",""")]
    [InlineData("""["10.1.0.0/24"]""")]
    [InlineData("")]
    public void NotACopy_IsNull(string text)
    {
        Assert.Null(IpamPoolCopy.Parse(Encoding.UTF8.GetBytes(text)));
    }

    private static string Describe(IpPoolSpec spec) => string.Join(
        " | ",
        spec.Cidr,
        string.Join(",", spec.Ranges),
        string.Join(",", spec.Exclude),
        spec.Gateway ?? "-",
        string.Join(",", spec.Routes),
        spec.Dns is { } d ? $"{string.Join(",", d.Nameservers)};{d.Domain};{string.Join(",", d.Search)};{string.Join(",", d.Options)}" : "-",
        spec.StickyAddresses,
        string.Join(",", spec.NodeSelector.OrderBy(p => p.Key, StringComparer.Ordinal)));
}
