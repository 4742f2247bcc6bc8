using Multi.Core.Cni.Results;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Cni;

public sealed class ResultCodecRenderTests
{
    [Fact]
    public void Render_110_WritesEveryField()
    {
        var json = ResultCodec.Render(SampleResults.Rich11, "1.1.0").Unwrap();

        JsonAssert.Equal(SampleResults.Rich11Json, json);
    }

    [Fact]
    public void Render_100_DropsThe11FieldsAndHasNoPerIpVersion()
    {
        var json = ResultCodec.Render(SampleResults.Rich11, "1.0.0").Unwrap();

        JsonAssert.Equal(
            """
            {"cniVersion":"1.0.0",
             "interfaces":[{"name":"veth1","mac":"aa:bb:cc:dd:ee:01"},{"name":"eth0","mac":"02:00:00:00:00:05","sandbox":"/var/run/netns/pod"}],
             "ips":[{"interface":1,"address":"10.1.0.5/24","gateway":"10.1.0.1"},{"interface":1,"address":"fd00::5/64","gateway":"fd00::1"},{"interface":1,"address":"10.2.0.5/16"}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.1.0.1"},{"dst":"::/0","gw":"fd00::1"},{"dst":"192.168.0.0/16"}],
             "dns":{"nameservers":["10.96.0.10"],"domain":"cluster.local","search":["ns.svc.cluster.local"],"options":["ndots:5"]}}
            """,
            json);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    public void Render_Current0x_AddsPerIpVersionFromTheAddressFamily(string version)
    {
        var json = ResultCodec.Render(SampleResults.Rich11, version).Unwrap();

        JsonAssert.Equal(
            $$$"""
            {"cniVersion":"{{{version}}}",
             "interfaces":[{"name":"veth1","mac":"aa:bb:cc:dd:ee:01"},{"name":"eth0","mac":"02:00:00:00:00:05","sandbox":"/var/run/netns/pod"}],
             "ips":[{"version":"4","interface":1,"address":"10.1.0.5/24","gateway":"10.1.0.1"},{"version":"6","interface":1,"address":"fd00::5/64","gateway":"fd00::1"},{"version":"4","interface":1,"address":"10.2.0.5/16"}],
             "routes":[{"dst":"0.0.0.0/0","gw":"10.1.0.1"},{"dst":"::/0","gw":"fd00::1"},{"dst":"192.168.0.0/16"}],
             "dns":{"nameservers":["10.96.0.10"],"domain":"cluster.local","search":["ns.svc.cluster.local"],"options":["ndots:5"]}}
            """,
            json);
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public void Render_Legacy_KeepsFirstAddressPerFamilyAndSortsRoutes(string version)
    {
        var json = ResultCodec.Render(SampleResults.Rich11, version).Unwrap();

        JsonAssert.Equal(
            $$$"""
            {"cniVersion":"{{{version}}}",
             "ip4":{"ip":"10.1.0.5/24","gateway":"10.1.0.1","routes":[{"dst":"0.0.0.0/0","gw":"10.1.0.1"},{"dst":"192.168.0.0/16"}]},
             "ip6":{"ip":"fd00::5/64","gateway":"fd00::1","routes":[{"dst":"::/0","gw":"fd00::1"}]},
             "dns":{"nameservers":["10.96.0.10"],"domain":"cluster.local","search":["ns.svc.cluster.local"],"options":["ndots:5"]}}
            """,
            json);
    }

    [Fact]
    public void Render_LegacyWithOnlyIpv4_DropsIpv6RoutesAndInterfaces()
    {
        var result = new CniResult(
            "1.1.0",
            [new CniInterface("eth0", Sandbox: "/ns")],
            [new CniIpConfig("10.0.0.2/24", null, 0)],
            [new CniRoute("::/0", "fd00::1"), new CniRoute("0.0.0.0/0", "10.0.0.1"), new CniRoute("2001:db8::/32")],
            null);

        var json = ResultCodec.Render(result, "0.2.0").Unwrap();

        JsonAssert.Equal("""{"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.2/24","routes":[{"dst":"0.0.0.0/0","gw":"10.0.0.1"}]}}""", json);
    }

    [Fact]
    public void Render_LegacyWithOnlyIpv6_WritesOnlyIp6()
    {
        var result = new CniResult("1.0.0", [], [new CniIpConfig("fd00::2/64", "fd00::1")], [new CniRoute("0.0.0.0/0"), new CniRoute("::/0")], null);

        var json = ResultCodec.Render(result, "0.1.0").Unwrap();

        JsonAssert.Equal("""{"cniVersion":"0.1.0","ip6":{"ip":"fd00::2/64","gateway":"fd00::1","routes":[{"dst":"::/0"}]}}""", json);
    }

    [Theory]
    [InlineData("0.1.0")]
    [InlineData("0.2.0")]
    public void Render_LegacyWithoutAnyAddress_FailsWithCode109(string version)
    {
        var result = new CniResult("1.1.0", [new CniInterface("eth0", Sandbox: "/ns")], [], [new CniRoute("0.0.0.0/0")], new CniDns(["1.1.1.1"], null, [], []));

        var outcome = ResultCodec.Render(result, version);

        Assert.Equal(109u, outcome.Error!.Code);
        Assert.Contains(version, outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Render_CurrentWithoutAnyAddress_WritesOnlyTheVersion(string version)
    {
        var json = ResultCodec.Render(CniResult.Empty("1.1.0"), version).Unwrap();

        JsonAssert.Equal($$"""{"cniVersion":"{{version}}"}""", json);
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("1.1")]
    [InlineData("")]
    public void Render_UnsupportedVersion_FailsWithCode1(string version)
    {
        var outcome = ResultCodec.Render(SampleResults.Rich11, version);

        Assert.Equal(1u, outcome.Error!.Code);
    }

    [Fact]
    public void Render_EmptyOptionalValues_AreOmitted()
    {
        var result = new CniResult(
            "1.1.0",
            [new CniInterface("eth0", "", null, "", "", "")],
            [new CniIpConfig("10.0.0.2/24", "")],
            [new CniRoute("0.0.0.0/0", "")],
            new CniDns([], "", [], []));

        var json = ResultCodec.Render(result, "1.1.0").Unwrap();

        JsonAssert.Equal("""{"cniVersion":"1.1.0","interfaces":[{"name":"eth0"}],"ips":[{"address":"10.0.0.2/24"}],"routes":[{"dst":"0.0.0.0/0"}]}""", json);
    }
}
