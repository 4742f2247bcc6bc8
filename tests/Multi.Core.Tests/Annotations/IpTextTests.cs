using System.Net;
using Multi.Core.Annotations;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class IpTextTests
{
    [Theory]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1")]
    [InlineData("2001:DB8::A", "2001:db8::a")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("10.0.0.1", "10.0.0.1")]
    public void Canonical_IsRfc5952(string text, string expected) =>
        Assert.Equal(expected, IpText.Canonical(IPAddress.Parse(text)));

    [Theory]
    [InlineData("10.0.0.1", true, null)]
    [InlineData("10.0.0.1/0", true, 0)]
    [InlineData("10.0.0.1/32", true, 32)]
    [InlineData("::/0", true, 0)]
    [InlineData("fd00::1/128", true, 128)]
    [InlineData("::ffff:10.0.0.1", true, null)]
    [InlineData("10.0.0.1/", false, null)]
    [InlineData("10.0.0.1/-1", false, null)]
    [InlineData("10.0.0.1/+8", false, null)]
    [InlineData("10.0.0.1/1234", false, null)]
    [InlineData("10.0.0", false, null)]
    [InlineData("10.0.0.0.1", false, null)]
    [InlineData("0x0a.0.0.1", false, null)]
    [InlineData(" 10.0.0.1", false, null)]
    [InlineData("[fd00::1]", false, null)]
    [InlineData("fd00::1::2", false, null)]
    [InlineData("abc", false, null)]
    [InlineData("010.0.0.1", false, null)]
    [InlineData("256.0.0.1", false, null)]
    [InlineData("10.0.0.1.", false, null)]
    [InlineData(".10.0.0.1", false, null)]
    [InlineData("10..0.1", false, null)]
    [InlineData("10.0.0.1000", false, null)]
    [InlineData("10.0.0.٣", false, null)]
    [InlineData("0.0.0.0", true, null)]
    [InlineData("255.255.255.255/32", true, 32)]
    [InlineData("fd00::g", false, null)]
    public void TryParseAddressOrCidr_IsStrict(string text, bool valid, int? prefix)
    {
        Assert.Equal(valid, IpText.TryParseAddressOrCidr(text, out _, out var parsedPrefix));
        Assert.Equal(prefix, parsedPrefix);
    }
}
