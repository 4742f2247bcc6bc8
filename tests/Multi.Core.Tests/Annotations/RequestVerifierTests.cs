using System.Collections.Immutable;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class RequestVerifierTests
{
    private static readonly NetworkConfigList Plain = new("n", "1.0.0", [TestJson.Obj("""{"type":"macvlan"}""")]);
    private static readonly NetworkConfigList Capable = new("n", "1.0.0", [TestJson.Obj("""{"type":"macvlan","capabilities":{"ips":true,"mac":true}}""")]);

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5/24")]
    [InlineData("10.0.0.5/24", "10.0.0.5/24")]
    [InlineData("fd00::5", "fd00:0:0:0::5/64")]
    [InlineData("FD00:0::5/64", "fd00::5/64")]
    [InlineData("10.0.0.5,fd00::5", "fd00::5/64|10.0.0.5/24")]
    public void Verify_RequestedIpInResult_IsOk(string requested, string resultIps) =>
        Assert.True(RequestVerifier.Verify(Selection(requested, null), Plain, "net1", Result(resultIps, null), null).IsOk);

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.6/24", "requested IP 10.0.0.5 is not in the delegate's result (result addresses: 10.0.0.6/24)")]
    [InlineData("10.0.0.5/25", "10.0.0.5/24", "requested IP 10.0.0.5/25 is not in the delegate's result")]
    [InlineData("fd00::5", "", "requested IP fd00::5 is not in the delegate's result (result addresses: none)")]
    [InlineData("10.0.0.5,10.0.0.7", "10.0.0.5/24", "requested IP 10.0.0.7")]
    public void Verify_RequestedIpMissing_Fails106(string requested, string resultIps, string message)
    {
        var error = RequestVerifier.Verify(Selection(requested, null), Plain, "net1", Result(resultIps, null), null).Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.RequestNotApplied, error.Code);
        Assert.StartsWith($"network ns/n (net1): {message}", error.Msg, StringComparison.Ordinal);
        Assert.EndsWith("the delegate does not declare the \"ips\" capability and did not honour CNI_ARGS IP", error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("02:00:00:00:00:0A", "02:00:00:00:00:0a", null, false)]
    [InlineData("02-00-00-00-00-0a", "02:00:00:00:00:0A", null, false)]
    [InlineData("0200.0000.000a", null, "02:00:00:00:00:0a", false)]
    [InlineData("02:00:00:00:00:0a", null, null, true)]
    [InlineData("02:00:00:00:00:0a", "", "", true)]
    public void Verify_Mac_ComparedAfterNormalising(string requested, string? resultMac, string? interfaceMac, bool unverified)
    {
        var verification = RequestVerifier.Verify(Selection(null, requested), Plain, "net1", Result("", resultMac), interfaceMac).Unwrap();

        Assert.Equal(unverified, verification.MacUnverified);
    }

    [Theory]
    [InlineData("02:00:00:00:00:0b", null, "requested MAC 02:00:00:00:00:0a was not applied (interface has 02:00:00:00:00:0b)")]
    [InlineData(null, "02:00:00:00:00:0c", "requested MAC 02:00:00:00:00:0a was not applied (interface has 02:00:00:00:00:0c)")]
    [InlineData("02:00:00:00:00:0b", "02:00:00:00:00:0a", "(interface has 02:00:00:00:00:0b)")]
    public void Verify_MacMismatch_Fails106(string? resultMac, string? interfaceMac, string message)
    {
        var error = RequestVerifier.Verify(Selection(null, "02:00:00:00:00:0a"), Capable, "net1", Result("", resultMac), interfaceMac).Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.RequestNotApplied, error.Code);
        Assert.Contains(message, error.Msg, StringComparison.Ordinal);
        Assert.EndsWith("the delegate declares the \"mac\" capability but did not apply it", error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_MacOfAnotherInterface_IsNotUsed()
    {
        var result = new CniResult("1.1.0", [new CniInterface("host-veth", "02:00:00:00:00:0a"), new CniInterface("net1", null, null, "/netns")], [], [], null);

        Assert.True(RequestVerifier.Verify(Selection(null, "02:00:00:00:00:0a"), Plain, "net1", result, null).Unwrap().MacUnverified);
    }

    [Fact]
    public void Verify_NothingRequested_IsOk() =>
        Assert.False(RequestVerifier.Verify(new NetworkSelection("ns", "n"), Plain, "net1", CniResult.Empty("1.1.0"), null).Unwrap().MacUnverified);

    private static NetworkSelection Selection(string? ips, string? mac) =>
        new("ns", "n", Ips: ips is null ? [] : [.. ips.Split(',')], Mac: mac);

    private static CniResult Result(string ips, string? mac) => new(
        "1.1.0",
        [new CniInterface("net1", mac, null, "/var/run/netns/pod")],
        [.. ips.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(a => new CniIpConfig(a, null, 0))],
        ImmutableArray<CniRoute>.Empty,
        null);
}
