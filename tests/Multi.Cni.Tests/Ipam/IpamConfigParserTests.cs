using System.Text.Json.Nodes;
using Multi.Cni.Ipam;
using Multi.Core.Cni;

namespace Multi.Cni.Tests.Ipam;

/// <summary>The static request of multi-ipam: its three sources, their precedence and every bad entry.</summary>
public sealed class IpamConfigParserTests
{
    /// <summary>A delegate config with the given JSON arrays (null: key absent) as runtimeConfig.ips and args.cni.ips.</summary>
    private static JsonObject Netconf(string? runtimeIps, string? argsIps)
    {
        var netconf = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = "net1",
            ["type"] = "macvlan",
            ["ipam"] = new JsonObject { ["type"] = "multi-ipam", ["pool"] = "blue", ["kubeconfig"] = "/etc/kubeconfig" },
        };
        if (runtimeIps is not null)
        {
            netconf["runtimeConfig"] = new JsonObject { ["ips"] = JsonNode.Parse(runtimeIps) };
        }

        if (argsIps is not null)
        {
            netconf["args"] = new JsonObject { ["cni"] = new JsonObject { ["ips"] = JsonNode.Parse(argsIps) } };
        }

        return netconf;
    }

    private static string Requested(IpamConfig config) => string.Join(' ', config.Requested.Select(r => $"{r.Text}={r.Address}/{r.PrefixLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"));

    [Theory]
    [InlineData(null, null, null, "")]
    [InlineData("""["10.1.0.5/24"]""", null, null, "10.1.0.5/24=10.1.0.5/24")]
    [InlineData(null, """["10.1.0.6","2001:db8::6/64"]""", null, "10.1.0.6=10.1.0.6/- 2001:db8::6/64=2001:db8::6/64")]
    [InlineData(null, null, "10.1.0.7/24,2001:db8::7", "10.1.0.7/24=10.1.0.7/24 2001:db8::7=2001:db8::7/-")]
    [InlineData(null, null, " 10.1.0.7 , 2001:DB8::7/64 ", "10.1.0.7=10.1.0.7/- 2001:DB8::7/64=2001:db8::7/64")]
    [InlineData(null, null, "", "")]
    [InlineData("""["10.1.0.5"]""", """["10.1.0.6"]""", "10.1.0.7", "10.1.0.5=10.1.0.5/-")]
    [InlineData("""["10.1.0.5"]""", """["2001:db8::6"]""", null, "10.1.0.5=10.1.0.5/-")]
    [InlineData("""["10.1.0.5"]""", null, "2001:db8::7", "10.1.0.5=10.1.0.5/-")]
    [InlineData(null, """["10.1.0.6"]""", "10.1.0.7,2001:db8::7", "10.1.0.6=10.1.0.6/-")]
    [InlineData("[]", """["10.1.0.6"]""", "10.1.0.7", "10.1.0.6=10.1.0.6/-")]
    [InlineData("[]", "[]", "10.1.0.7", "10.1.0.7=10.1.0.7/-")]
    public void Parse_Sources_TheHighestPresentSourceIsTheWholeRequest(string? runtimeIps, string? argsIps, string? cniArgsIp, string expected)
    {
        var config = IpamConfigParser.Parse(Netconf(runtimeIps, argsIps), cniArgsIp).Unwrap();

        Assert.Equal(expected, Requested(config));
    }

    [Theory]
    [InlineData("""["10.1.0.300"]""", null, null, "\"runtimeConfig.ips\" entry \"10.1.0.300\" is not an address or CIDR")]
    [InlineData(null, """["10.1.0.5/33"]""", null, "\"args.cni.ips\" entry \"10.1.0.5/33\" is not an address or CIDR")]
    [InlineData(null, null, "banana", "\"IP\" in CNI_ARGS entry \"banana\" is not an address or CIDR")]
    [InlineData(null, null, "10.1.0.5/24/1", "\"IP\" in CNI_ARGS entry \"10.1.0.5/24/1\" is not an address or CIDR")]
    [InlineData(null, """[" 10.1.0.5"]""", null, "\"args.cni.ips\" entry \" 10.1.0.5\" is not an address or CIDR")]
    [InlineData("""["::ffff:10.1.0.5"]""", null, null, "\"runtimeConfig.ips\" entry \"::ffff:10.1.0.5\" is an IPv4-mapped IPv6 address")]
    [InlineData(null, """["::ffff:10.1.0.5/120"]""", null, "\"args.cni.ips\" entry \"::ffff:10.1.0.5/120\" is an IPv4-mapped IPv6 address")]
    [InlineData(null, null, "::ffff:a01:5", "\"IP\" in CNI_ARGS entry \"::ffff:a01:5\" is an IPv4-mapped IPv6 address")]
    [InlineData("""["10.1.0.5","10.1.0.6/24"]""", null, null, "\"runtimeConfig.ips\" requests two IPv4 addresses, \"10.1.0.5\" and \"10.1.0.6/24\"")]
    [InlineData(null, """["10.1.0.5","10.1.0.5"]""", null, "\"args.cni.ips\" requests two IPv4 addresses, \"10.1.0.5\" and \"10.1.0.5\"")]
    [InlineData(null, null, "2001:db8::5,10.1.0.5,2001:db8::6", "\"IP\" in CNI_ARGS requests two IPv6 addresses, \"2001:db8::5\" and \"2001:db8::6\"")]
    [InlineData("""[""]""", null, null, "\"runtimeConfig.ips\" has an empty entry")]
    [InlineData(null, """["10.1.0.5",""]""", null, "\"args.cni.ips\" has an empty entry")]
    [InlineData(null, null, "10.1.0.5,", "\"IP\" in CNI_ARGS has an empty entry")]
    [InlineData(null, null, ",", "\"IP\" in CNI_ARGS has an empty entry")]
    [InlineData(null, null, " ", "\"IP\" in CNI_ARGS has an empty entry")]
    [InlineData("\"10.1.0.5\"", null, null, "\"runtimeConfig.ips\" must be an array of strings")]
    [InlineData(null, """{"ip":"10.1.0.5"}""", null, "\"args.cni.ips\" must be an array of strings")]
    [InlineData(null, """[5]""", null, "\"args.cni.ips\" must hold only strings")]
    [InlineData("""["10.1.0.5"]""", null, "banana", "\"IP\" in CNI_ARGS entry \"banana\"")]
    [InlineData("""["10.1.0.5"]""", """["10.1.0.6","10.1.0.7"]""", null, "\"args.cni.ips\" requests two IPv4 addresses")]
    public void Parse_BadRequest_Code7NamingTheSourceAndTheEntry(string? runtimeIps, string? argsIps, string? cniArgsIp, string expected)
    {
        var outcome = IpamConfigParser.Parse(Netconf(runtimeIps, argsIps), cniArgsIp);

        Assert.False(outcome.IsOk);
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, outcome.Error.Code);
        Assert.StartsWith("invalid multi-ipam configuration: ", outcome.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(expected, outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"args":"not ours"}""")]
    [InlineData("""{"args":{"cni":"not ours"}}""")]
    [InlineData("""{"args":{"other":{"ips":5}}}""")]
    [InlineData("""{"runtimeConfig":"not ours"}""")]
    public void Parse_ArgsOrRuntimeConfigNotObjects_NoRequest(string extra)
    {
        var netconf = Netconf(null, null);
        foreach (var (key, value) in JsonNode.Parse(extra)!.AsObject())
        {
            netconf[key] = value?.DeepClone();
        }

        Assert.Empty(IpamConfigParser.Parse(netconf, null).Unwrap().Requested);
    }

    [Fact]
    public void ParseIgnoringRequests_MalformedRequestsEverywhere_ReadsTheRestAndRequestsNothing()
    {
        var netconf = Netconf("""["banana"]""", """["10.1.0.5","10.1.0.6"]""");

        var config = IpamConfigParser.ParseIgnoringRequests(netconf).Unwrap();

        Assert.Equal(["blue"], config.Pools);
        Assert.Equal("/etc/kubeconfig", config.Kubeconfig);
        Assert.Empty(config.Requested);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("\"\"", null)]
    [InlineData("\"/run/multi/multi.sock\"", "/run/multi/multi.sock")]
    public void Parse_DaemonSocket_IsReadWhenSetAndNonEmpty(string? value, string? expected)
    {
        var netconf = Netconf(null, null);
        if (value is not null)
        {
            netconf["ipam"]!["daemonSocket"] = JsonNode.Parse(value);
        }

        Assert.Equal(expected, IpamConfigParser.Parse(netconf).Unwrap().DaemonSocket);
        Assert.Equal(expected, IpamConfigParser.ParseIgnoringRequests(netconf).Unwrap().DaemonSocket);
    }

    [Theory]
    [InlineData("5", "daemonSocket")]
    [InlineData("\"run/multi/multi.sock\"", "\"ipam.daemonSocket\" \"run/multi/multi.sock\" must be an absolute path")]
    [InlineData("\"/run/\\u0000.sock\"", "\"ipam.daemonSocket\" \"/run/\\u0000.sock\" is invalid: it contains a NUL character")]
    public void Parse_BadDaemonSocket_Code7NamingTheKey(string value, string expected)
    {
        var netconf = Netconf(null, null);
        netconf["ipam"]!["daemonSocket"] = JsonNode.Parse(value);

        var outcome = IpamConfigParser.ParseIgnoringRequests(netconf);

        Assert.False(outcome.IsOk);
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, outcome.Error.Code);
        Assert.Contains(expected, outcome.Error.Msg, StringComparison.Ordinal);
    }
}
