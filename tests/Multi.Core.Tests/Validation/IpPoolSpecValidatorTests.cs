using Multi.Core.Ipam;
using Multi.Core.Validation;
using Xunit;

namespace Multi.Core.Tests.Validation;

public sealed class IpPoolSpecValidatorTests
{
    private static readonly IpPoolSpecValidator Validator = new();

    [Theory]
    [InlineData("10.0.0.0/24")]
    [InlineData("10.0.0.0/31")]
    [InlineData("10.0.0.5/32")]
    [InlineData("2001:db8::/64")]
    [InlineData("2001:db8::/127")]
    [InlineData("2001:db8::5/128")]
    public void Validate_ValidCidr_NoErrors(string cidr) =>
        Assert.Empty(Validator.Validate(new IpPoolSpec { Cidr = cidr }).Errors);

    [Fact]
    public void Validate_FullSpec_NoErrors()
    {
        var spec = new IpPoolSpec
        {
            Cidr = "10.10.0.0/16",
            Ranges = [new("10.10.1.0", "10.10.1.255"), new("10.10.3.10", "10.10.3.20")],
            Exclude = ["10.10.1.0/28", "10.10.1.100", "10.10.3.15-10.10.3.16"],
            Gateway = "10.10.0.1",
            Routes = [new("0.0.0.0/0", "10.10.0.1"), new("192.168.0.0/16")],
            Dns = new IpDnsSpec { Nameservers = ["10.10.0.53", "2001:db8::53"], Domain = "cluster.local", Search = ["svc.cluster.local."], Options = ["ndots:5"] },
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["rack"] = "" },
            StickyAddresses = true,
        };

        Assert.Empty(Validator.Validate(spec).Errors);
    }

    [Theory]
    [InlineData("10.0.0.1/24", "cidr", "cidr \"10.0.0.1/24\" has host bits set; did you mean 10.0.0.0/24?")]
    [InlineData("2001:db8::1/64", "cidr", "cidr \"2001:db8::1/64\" has host bits set; did you mean 2001:db8::/64?")]
    [InlineData("10.0.0.0", "cidr", "cidr \"10.0.0.0\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24 or 2001:db8::/64)")]
    [InlineData("10.0.0.0/33", "cidr", "cidr \"10.0.0.0/33\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24 or 2001:db8::/64)")]
    [InlineData("010.0.0.0/8", "cidr", "cidr \"010.0.0.0/8\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24 or 2001:db8::/64)")]
    [InlineData("::ffff:10.0.0.0/120", "cidr", "cidr \"::ffff:10.0.0.0/120\" is an IPv4-mapped IPv6 prefix; write IPv4 prefixes in dotted-quad form")]
    [InlineData("", "cidr", "cidr \"\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24 or 2001:db8::/64)")]
    public void Validate_BadCidr_NamesFieldAndValue(string cidr, string property, string message) =>
        AssertSingle(new IpPoolSpec { Cidr = cidr }, property, message);

    [Theory]
    [InlineData("10.0.1.1", "10.0.1.5", "ranges[0]", "ranges[0].start \"10.0.1.1\" is outside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.1", "10.0.1.5", "ranges[0]", "ranges[0].end \"10.0.1.5\" is outside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.9", "10.0.0.5", "ranges[0]", "ranges[0]: start \"10.0.0.9\" is after end \"10.0.0.5\"")]
    [InlineData("10.0.0.x", "10.0.0.5", "ranges[0]", "ranges[0].start \"10.0.0.x\" is not an IP address")]
    [InlineData("2001:db8::1", "10.0.0.5", "ranges[0]", "ranges[0].start \"2001:db8::1\" is IPv6 but cidr 10.0.0.0/24 is IPv4 (one family per pool; dual-stack uses two pools)")]
    [InlineData("10.0.0.0", "10.0.0.0", "ranges", "no allocatable address in cidr 10.0.0.0/24 after ranges, exclusions, gateway and reserved addresses")]
    public void Validate_BadRange_NamesFieldAndValue(string start, string end, string property, string message) =>
        AssertSingle(new IpPoolSpec { Cidr = "10.0.0.0/24", Ranges = [new(start, end)] }, property, message);

    [Theory]
    [InlineData("10.0.1.0/28", "exclude[0] \"10.0.1.0/28\" is not inside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.0/16", "exclude[0] \"10.0.0.0/16\" is not inside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.1/28", "exclude[0] \"10.0.0.1/28\" has host bits set; did you mean 10.0.0.0/28?")]
    [InlineData("10.0.1.7", "exclude[0] \"10.0.1.7\" is outside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.9-10.0.0.5", "exclude[0] \"10.0.0.9-10.0.0.5\": start is after end")]
    [InlineData("10.0.0.9-", "exclude[0] end \"\" is not an IP address")]
    [InlineData("fd00::/120", "exclude[0] \"fd00::/120\" is not inside cidr 10.0.0.0/24")]
    public void Validate_BadExclusion_NamesFieldAndValue(string exclusion, string message) =>
        AssertSingle(new IpPoolSpec { Cidr = "10.0.0.0/24", Exclude = [exclusion] }, "exclude[0]", message);

    [Theory]
    [InlineData("10.0.1.1", "gateway \"10.0.1.1\" is outside cidr 10.0.0.0/24")]
    [InlineData("10.0.0.0", "gateway \"10.0.0.0\" is the network address of 10.0.0.0/24")]
    [InlineData("10.0.0.255", "gateway \"10.0.0.255\" is the broadcast address of 10.0.0.0/24")]
    [InlineData("fd00::1", "gateway \"fd00::1\" is IPv6 but cidr 10.0.0.0/24 is IPv4 (one family per pool; dual-stack uses two pools)")]
    [InlineData("gateway", "gateway \"gateway\" is not an IP address")]
    public void Validate_BadGateway_NamesFieldAndValue(string gateway, string message) =>
        AssertSingle(new IpPoolSpec { Cidr = "10.0.0.0/24", Gateway = gateway }, "gateway", message);

    [Theory]
    [InlineData("10.1.0.1/16", null, "routes[0].dst", "routes[0].dst \"10.1.0.1/16\" has host bits set; did you mean 10.1.0.0/16?")]
    [InlineData("default", null, "routes[0].dst", "routes[0].dst \"default\" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/24 or 2001:db8::/64)")]
    [InlineData("::/0", null, "routes[0].dst", "routes[0].dst \"::/0\" is not of the family of cidr 10.0.0.0/24 (one family per pool; dual-stack uses two pools)")]
    [InlineData("0.0.0.0/0", "fe80::1", "routes[0].gw", "routes[0].gw \"fe80::1\" is IPv6 but cidr 10.0.0.0/24 is IPv4 (one family per pool; dual-stack uses two pools)")]
    public void Validate_BadRoute_NamesFieldAndValue(string dst, string? gw, string property, string message) =>
        AssertSingle(new IpPoolSpec { Cidr = "10.0.0.0/24", Routes = [new(dst, gw)] }, property, message);

    [Theory]
    [InlineData("dns.nameservers", "dns.nameservers \"dns.example\" is not an IP address")]
    [InlineData("dns.domain", "dns.domain \"bad_domain\" is not a DNS name")]
    [InlineData("dns.search", "dns.search \"-x.example\" is not a DNS name")]
    [InlineData("dns.options", "dns.options \"ndots: 5\" must be a non-empty resolver option without spaces (e.g. ndots:5)")]
    public void Validate_BadDns_NamesFieldAndValue(string property, string message)
    {
        var dns = property switch
        {
            "dns.nameservers" => new IpDnsSpec { Nameservers = ["dns.example"] },
            "dns.domain" => new IpDnsSpec { Domain = "bad_domain" },
            "dns.search" => new IpDnsSpec { Search = ["-x.example"] },
            _ => new IpDnsSpec { Options = ["ndots: 5"] },
        };

        var error = Assert.Single(Validator.Validate(new IpPoolSpec { Cidr = "10.0.0.0/24", Dns = dns }).Errors);

        Assert.StartsWith(property, error.PropertyName, StringComparison.Ordinal);
        Assert.Equal(message, error.ErrorMessage);
    }

    [Theory]
    [InlineData("Bad Key", "x")]
    [InlineData("kubernetes.io/", "x")]
    [InlineData("rack", "-a")]
    [InlineData("rack", "a b")]
    public void Validate_BadNodeSelector_NamesKeyAndValue(string key, string value) =>
        AssertSingle(
            new IpPoolSpec { Cidr = "10.0.0.0/24", NodeSelector = new Dictionary<string, string> { [key] = value } },
            "nodeSelector",
            $"nodeSelector \"{key}\": \"{value}\" is not a valid label key and value");

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var spec = new IpPoolSpec { Cidr = "10.0.0.0/24", Ranges = [new("10.0.1.1", "10.0.1.2")], Exclude = ["x"], Gateway = "10.0.0.0" };

        var properties = Validator.Validate(spec).Errors.Select(e => e.PropertyName).ToList();

        Assert.Equal(["ranges[0]", "exclude[0]", "gateway"], properties);
    }

    private static void AssertSingle(IpPoolSpec spec, string property, string message)
    {
        var error = Assert.Single(Validator.Validate(spec).Errors);
        Assert.Equal(property, error.PropertyName);
        Assert.Equal(message, error.ErrorMessage);
    }
}
