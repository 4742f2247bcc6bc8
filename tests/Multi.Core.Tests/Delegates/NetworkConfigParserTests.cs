using System.Text.Json.Nodes;
using Multi.Core.Delegates;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Delegates;

public sealed class NetworkConfigParserTests
{
    private const string Source = "nad default/macvlan-a";

    [Fact]
    public void Parse_SinglePlugin_IsLiftedKeepingItsFieldsWithoutCniVersions()
    {
        const string json = """
            {"cniVersion":"0.4.0","cniVersions":["1.0.0"],"name":"macvlan-a","type":"macvlan","master":"eth1",
             "capabilities":{"ips":true},"ipam":{"type":"static"}}
            """;

        var list = NetworkConfigParser.Parse(TestJson.Bytes(json), "1.1.0", Source).Unwrap();

        Assert.Equal("macvlan-a", list.Name);
        Assert.Equal("1.0.0", list.CniVersion);
        JsonAssert.Equal(
            """{"cniVersion":"0.4.0","name":"macvlan-a","type":"macvlan","master":"eth1","capabilities":{"ips":true},"ipam":{"type":"static"}}""",
            Assert.Single(list.Plugins));
        Assert.False(list.DisableCheck);
        Assert.False(list.DisableGc);
    }

    [Fact]
    public void Parse_Conflist_KeepsEveryPluginAsConfigured()
    {
        const string json = """
            {"cniVersion":"1.0.0","name":"chain","disableCheck":true,
             "plugins":[{"type":"bridge","bridge":"br0","ipam":{"type":"host-local"}},{"type":"portmap","capabilities":{"portMappings":true}}]}
            """;

        var list = NetworkConfigParser.Parse(TestJson.Bytes(json), "1.1.0", Source).Unwrap();

        Assert.Equal("chain", list.Name);
        Assert.Equal("1.0.0", list.CniVersion);
        Assert.Equal("bridge,portmap", list.Types);
        JsonAssert.Equal("""{"type":"bridge","bridge":"br0","ipam":{"type":"host-local"}}""", list.Plugins[0]);
        JsonAssert.Equal("""{"type":"portmap","capabilities":{"portMappings":true}}""", list.Plugins[1]);
        Assert.True(list.DisableCheck);
    }

    [Fact]
    public void Parse_ForceListOnASinglePlugin_FailsWithCode7()
    {
        var outcome = NetworkConfigParser.Parse(TestJson.Bytes("""{"cniVersion":"1.0.0","name":"a","type":"bridge"}"""), "1.1.0", "/etc/cni/net.d/a.conflist", forceList: true);

        Assert.Equal(7u, outcome.Error!.Code);
        Assert.Contains("/etc/cni/net.d/a.conflist", outcome.Error.Msg, StringComparison.Ordinal);
        Assert.Contains("plugins", outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ObjectWithTypeAndPlugins_IsASinglePluginUnlessForced()
    {
        const string json = """{"name":"a","type":"bridge","plugins":[{"type":"portmap"}]}""";

        Assert.Equal("bridge", NetworkConfigParser.Parse(TestJson.Bytes(json), "1.1.0", Source).Unwrap().Types);
        Assert.Equal("portmap", NetworkConfigParser.Parse(TestJson.Bytes(json), "1.1.0", Source, forceList: true).Unwrap().Types);
    }

    [Theory]
    [InlineData("""{"name":"a"}""", "neither")]
    [InlineData("""{"name":"a","type":""}""", "neither")]
    [InlineData("""{"name":"a","plugins":[]}""", "plugins")]
    [InlineData("""{"name":"a","plugins":{}}""", "plugins")]
    [InlineData("""{"name":"a","plugins":"bridge"}""", "plugins")]
    [InlineData("""{"name":"a","plugins":[5]}""", "plugins[0]")]
    [InlineData("""{"name":"a","plugins":[{"type":"bridge"},{"name":"x"}]}""", "plugins[1]")]
    [InlineData("""{"name":"a","plugins":[{"type":"bridge"},{"type":""}]}""", "plugins[1]")]
    [InlineData("""{"name":"a","plugins":[{"type":"bridge"},{"type":7}]}""", "type")]
    [InlineData("""{"name":"a","type":"../../bin/evil"}""", "../../bin/evil")]
    [InlineData("""{"name":"a","type":"bin\\evil"}""", "bin\\evil")]
    [InlineData("""{"name":"a","plugins":[{"type":"bridge"},{"type":"/usr/bin/x"}]}""", "/usr/bin/x")]
    [InlineData("""{"name":"a","type":5}""", "type")]
    [InlineData("""{"name":5,"type":"bridge"}""", "name")]
    [InlineData("""{"name":"a","type":"bridge","cniVersion":1}""", "cniVersion")]
    [InlineData("""{"name":"a","type":"bridge","cniVersions":"1.0.0"}""", "cniVersions")]
    [InlineData("""{"name":"a","type":"bridge","cniVersions":[1]}""", "cniVersions")]
    [InlineData("""{"name":"a","type":"bridge","cniVersions":[null]}""", "cniVersions")]
    [InlineData("""{"name":"a","type":"bridge","cniVersions":["1.0"]}""", "1.0")]
    [InlineData("""{"name":"a","type":"bridge","cniVersions":["1.0.0","v1.1.0"]}""", "v1.1.0")]
    [InlineData("""{"name":"a","type":"bridge","cniVersion":"9.9.9"}""", "9.9.9")]
    [InlineData("""{"name":"a","type":"bridge","cniVersion":"2.0.0","cniVersions":["1.2.0"]}""", "1.2.0")]
    [InlineData("""{"name":"a","type":"bridge","disableCheck":"yes"}""", "disableCheck")]
    [InlineData("""{"name":"a","type":"bridge","disableCheck":" true"}""", "disableCheck")]
    [InlineData("""{"name":"a","type":"bridge","disableGC":1}""", "disableGC")]
    [InlineData("""{"name":"a","type":"bridge","disableGC":null}""", "")]
    [InlineData("""[{"name":"a","type":"bridge"}]""", "object")]
    [InlineData("""garbage""", "JSON")]
    [InlineData("""{"name":"a","type":"bridge","type":"macvlan"}""", "JSON")]
    public void Parse_Invalid_FailsWithCode7NamingTheSource(string json, string mention)
    {
        var outcome = NetworkConfigParser.Parse(TestJson.Bytes(json), "1.1.0", Source);

        if (mention.Length == 0)
        {
            Assert.True(outcome.IsOk);
            return;
        }

        Assert.False(outcome.IsOk);
        Assert.Equal(7u, outcome.Error.Code);
        Assert.StartsWith(Source, outcome.Error.Msg, StringComparison.Ordinal);
        Assert.Contains(mention, outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0.3.1\"", null, "1.1.0", "0.3.1")]
    [InlineData(null, null, "1.0.0", "1.0.0")]
    [InlineData("\"\"", null, "0.4.0", "0.4.0")]
    [InlineData(null, "[]", "0.4.0", "0.4.0")]
    [InlineData("\"0.4.0\"", """["1.0.0","1.1.0"]""", "0.3.0", "1.1.0")]
    [InlineData("\"1.0.0\"", """["1.0.0","1.2.0","2.0.0"]""", "0.3.0", "1.0.0")]
    [InlineData(null, """["0.3.1","1.0.0","0.4.0"]""", "1.1.0", "1.0.0")]
    [InlineData("\"9.9.9\"", """["0.4.0"]""", "1.1.0", "0.4.0")]
    [InlineData("\"0.2.0\"", """["0.10.0"]""", "1.1.0", "0.2.0")]
    [InlineData("\"1.1.0\"", """["0.1.0"]""", "0.1.0", "1.1.0")]
    public void Parse_Versions_SelectsTheHighestSupported(string? cniVersion, string? cniVersions, string inherited, string expected)
    {
        var raw = new JsonObject { ["name"] = "a", ["type"] = "bridge" };
        if (cniVersion is not null)
        {
            raw["cniVersion"] = JsonNode.Parse(cniVersion);
        }

        if (cniVersions is not null)
        {
            raw["cniVersions"] = JsonNode.Parse(cniVersions);
        }

        var list = NetworkConfigParser.Parse(raw, inherited, Source).Unwrap();

        Assert.Equal(expected, list.CniVersion);
        Assert.Equal(expected, NetworkConfigParser.SelectVersion(raw, inherited, Source).Unwrap());
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("\"True\"", true)]
    [InlineData("\"FALSE\"", false)]
    [InlineData("\"fAlSe\"", false)]
    public void Parse_DisableFlags_AcceptBoolsAndBoolStrings(string value, bool expected)
    {
        var json = $$"""{"name":"a","cniVersion":"1.1.0","disableCheck":{{value}},"disableGC":{{value}},"plugins":[{"type":"bridge"}]}""";

        var list = NetworkConfigParser.Parse(TestJson.Bytes(json), "1.1.0", Source).Unwrap();

        Assert.Equal(expected, list.DisableCheck);
        Assert.Equal(expected, list.DisableGc);
    }

    [Theory]
    [InlineData("""{"cniVersion":"0.3.1","cniVersions":["1.1.0"],"name":"a","type":"bridge","ipam":{"type":"host-local"}}""")]
    [InlineData("""{"cniVersion":"1.1.0","name":"chain","disableCheck":"TRUE","disableGC":true,"plugins":[{"type":"bridge"},{"type":"tuning","sysctl":{"a":"1"}}]}""")]
    [InlineData("""{"name":"","plugins":[{"type":"bridge","cniVersion":"0.1.0"}]}""")]
    public void ToJson_ThenFromNormalised_RoundTrips(string json)
    {
        var list = NetworkConfigParser.Parse(TestJson.Bytes(json), "0.4.0", Source).Unwrap();

        var back = NetworkConfigParser.FromNormalised(list.ToJson()).Unwrap();

        Assert.Equal(list.Name, back.Name);
        Assert.Equal(list.CniVersion, back.CniVersion);
        Assert.Equal(list.DisableCheck, back.DisableCheck);
        Assert.Equal(list.DisableGc, back.DisableGc);
        Assert.Equal(list.Plugins.Select(TestJson.Text), back.Plugins.Select(TestJson.Text));
        Assert.Equal(TestJson.Text(list.ToJson()), TestJson.Text(back.ToJson()));
    }

    [Fact]
    public void ToJson_Conflist_WritesTheNormalisedForm()
    {
        var list = NetworkConfigParser.Parse(TestJson.Bytes("""{"cniVersions":["1.0.0"],"name":"n","disableGC":"true","plugins":[{"type":"bridge"}]}"""), "0.4.0", Source).Unwrap();

        JsonAssert.Equal("""{"cniVersion":"1.0.0","name":"n","disableGC":true,"plugins":[{"type":"bridge"}]}""", list.ToJson());
    }
}
