using Multi.Core.Cni.Results;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Cni;

public sealed class ResultCodecParseTests
{
    [Fact]
    public void Parse_Rich11_ReadsEveryField()
    {
        var result = ResultCodec.Parse(TestJson.Bytes(SampleResults.Rich11Json), "0.4.0").Unwrap();

        ResultAssert.Equal(SampleResults.Rich11, result);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    public void Parse_Current0xWithPerIpVersion_DropsTheVersionField(string version)
    {
        var json = $$"""
            {"cniVersion":"{{version}}","interfaces":[{"name":"eth0","sandbox":"/ns"}],
             "ips":[{"version":"4","interface":0,"address":"10.0.0.2/24","gateway":"10.0.0.1"},{"version":"6","address":"fd00::2/64"}],
             "routes":[{"dst":"0.0.0.0/0"}]}
            """;

        var result = ResultCodec.Parse(TestJson.Bytes(json), "1.1.0").Unwrap();

        ResultAssert.Equal(
            new CniResult(version, [new CniInterface("eth0", Sandbox: "/ns")], [new CniIpConfig("10.0.0.2/24", "10.0.0.1", 0), new CniIpConfig("fd00::2/64")], [new CniRoute("0.0.0.0/0")], null),
            result);
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public void Parse_Legacy_LiftsIp4AndIp6IntoIpsAndRoutes(string version)
    {
        var json = $$$"""
            {"cniVersion":"{{{version}}}",
             "ip4":{"ip":"10.0.0.2/24","gateway":"10.0.0.1","routes":[{"dst":"0.0.0.0/0"},{"dst":"10.9.0.0/16","gw":"10.0.0.254"}]},
             "ip6":{"ip":"fd00::2/64","routes":[{"dst":"::/0","gw":"fd00::1"}]},
             "dns":{"nameservers":["1.1.1.1"]}}
            """;

        var result = ResultCodec.Parse(TestJson.Bytes(json), "1.1.0").Unwrap();

        ResultAssert.Equal(
            new CniResult(
                version,
                [],
                [new CniIpConfig("10.0.0.2/24", "10.0.0.1"), new CniIpConfig("fd00::2/64")],
                [new CniRoute("0.0.0.0/0"), new CniRoute("10.9.0.0/16", "10.0.0.254"), new CniRoute("::/0", "fd00::1")],
                new CniDns(["1.1.1.1"], null, [], [])),
            result);
    }

    [Theory]
    [InlineData("""{"ips":[{"address":"10.0.0.2/24"}]}""", "1.0.0", "1.0.0")]
    [InlineData("""{"cniVersion":"","ips":[{"address":"10.0.0.2/24"}]}""", "0.4.0", "0.4.0")]
    [InlineData("""{"cniVersion":null,"ips":[{"address":"10.0.0.2/24"}]}""", "1.1.0", "1.1.0")]
    [InlineData("""{"ip4":{"ip":"10.0.0.2/24"}}""", "0.2.0", "0.2.0")]
    [InlineData("""{"cniVersion":"0.3.1","ips":[{"address":"10.0.0.2/24"}]}""", "0.2.0", "0.3.1")]
    public void Parse_WithoutCniVersion_UsesTheFallbackVersion(string json, string fallback, string expected)
    {
        var result = ResultCodec.Parse(TestJson.Bytes(json), fallback).Unwrap();

        Assert.Equal(expected, result.CniVersion);
        Assert.Equal("10.0.0.2/24", Assert.Single(result.Ips).Address);
    }

    [Fact]
    public void Parse_EmptyDns_IsNull()
    {
        var result = ResultCodec.Parse(TestJson.Bytes("""{"cniVersion":"1.0.0","dns":{}}"""), "1.0.0").Unwrap();

        Assert.Null(result.Dns);
    }

    [Theory]
    [InlineData("""{"cniVersion":"2.0.0"}""", "1.1.0")]
    [InlineData("""{"cniVersion":"0.5.0"}""", "1.1.0")]
    [InlineData("""{"cniVersion":"1.1"}""", "1.1.0")]
    [InlineData("""{}""", "9.9.9")]
    public void Parse_UnsupportedVersion_FailsWithCode1(string json, string fallback)
    {
        var outcome = ResultCodec.Parse(TestJson.Bytes(json), fallback);

        Assert.Equal(1u, outcome.Error!.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("[]")]
    [InlineData("\"result\"")]
    [InlineData("""{"cniVersion":1}""")]
    [InlineData("""{"cniVersion":"1.0.0","cniVersion":"1.0.0"}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":{}}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":"10.0.0.2/24"}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[1]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[null]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"gateway":"10.0.0.1"}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":5}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2/24","interface":"0"}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2/24","interface":0.5}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2/24","interface":1e300}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","interfaces":"eth0"}""")]
    [InlineData("""{"cniVersion":"1.0.0","interfaces":[5]}""")]
    [InlineData("""{"cniVersion":"1.0.0","interfaces":[{"name":1}]}""")]
    [InlineData("""{"cniVersion":"1.1.0","interfaces":[{"name":"eth0","mtu":"1500"}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","routes":[{}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","routes":[{"dst":"0.0.0.0/0","gw":false}]}""")]
    [InlineData("""{"cniVersion":"1.1.0","routes":[{"dst":"0.0.0.0/0","table":"main"}]}""")]
    [InlineData("""{"cniVersion":"1.0.0","dns":{"nameservers":"1.1.1.1"}}""")]
    [InlineData("""{"cniVersion":"1.0.0","dns":{"nameservers":[1]}}""")]
    [InlineData("""{"cniVersion":"1.0.0","dns":{"domain":["a"]}}""")]
    [InlineData("""{"cniVersion":"0.2.0","ip4":{"gateway":"10.0.0.1"}}""")]
    [InlineData("""{"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.2/24","routes":{}}}""")]
    [InlineData("""{"cniVersion":"0.2.0","ip6":{"ip":"fd00::2/64","routes":[{"gw":"fd00::1"}]}}""")]
    [InlineData("""{"cniVersion":"0.1.0","ip4":{"ip":7}}""")]
    public void Parse_Malformed_FailsWithCode6(string json)
    {
        var outcome = ResultCodec.Parse(TestJson.Bytes(json), "1.1.0");

        Assert.False(outcome.IsOk);
        Assert.Equal(6u, outcome.Error.Code);
    }
}
