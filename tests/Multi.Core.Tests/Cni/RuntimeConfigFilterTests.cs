using System.Text.Json.Nodes;
using Multi.Core.Cni;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Cni;

public sealed class RuntimeConfigFilterTests
{
    private const string CriORuntimeConfig = """
        {"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":""}],
         "bandwidth":{"ingressRate":1000,"ingressBurst":2000,"egressRate":3000,"egressBurst":4000},
         "mac":"02:00:00:00:00:01",
         "ips":["10.0.0.5/24"]}
        """;

    [Fact]
    public void ForPlugin_DeclaredTrue_KeepsOnlyThoseCapabilitiesWithValues()
    {
        var plugin = TestJson.Obj("""{"type":"portmap","capabilities":{"portMappings":true,"bandwidth":false,"ips":true,"dns":true}}""");

        var filtered = RuntimeConfigFilter.ForPlugin(plugin, TestJson.Obj(CriORuntimeConfig));

        JsonAssert.Equal("""{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":""}],"ips":["10.0.0.5/24"]}""", filtered);
    }

    [Theory]
    [InlineData("""{"portMappings":"true"}""")]
    [InlineData("""{"portMappings":1}""")]
    [InlineData("""{"portMappings":null}""")]
    [InlineData("""{"portMappings":false}""")]
    [InlineData("""{"portMappings":{"enabled":true}}""")]
    public void ForPlugin_CapabilityNotLiterallyTrue_IsNotForwarded(string capabilities)
    {
        var plugin = TestJson.Obj($$"""{"type":"portmap","capabilities":{{capabilities}}}""");

        Assert.Null(RuntimeConfigFilter.ForPlugin(plugin, TestJson.Obj(CriORuntimeConfig)));
    }

    [Theory]
    [InlineData("""{"type":"bridge"}""", CriORuntimeConfig)]
    [InlineData("""{"type":"bridge","capabilities":true}""", CriORuntimeConfig)]
    [InlineData("""{"type":"bridge","capabilities":["portMappings"]}""", CriORuntimeConfig)]
    [InlineData("""{"type":"bridge","capabilities":{}}""", CriORuntimeConfig)]
    [InlineData("""{"type":"tuning","capabilities":{"aliases":true}}""", CriORuntimeConfig)]
    [InlineData("""{"type":"portmap","capabilities":{"portMappings":true}}""", """{}""")]
    [InlineData("""{"type":"portmap","capabilities":{"portMappings":true}}""", """{"portMappings":null}""")]
    public void ForPlugin_NothingMatches_IsNull(string plugin, string runtimeConfig)
    {
        Assert.Null(RuntimeConfigFilter.ForPlugin(TestJson.Obj(plugin), TestJson.Obj(runtimeConfig)));
    }

    [Fact]
    public void ForPlugin_NoRuntimeConfig_IsNull()
    {
        Assert.Null(RuntimeConfigFilter.ForPlugin(TestJson.Obj("""{"type":"portmap","capabilities":{"portMappings":true}}"""), null));
    }

    [Fact]
    public void ForPlugin_ContainerdPascalCase_MatchesIgnoringCaseAndForwardsTheTokenUnchanged()
    {
        const string portMappings = """[{"HostPort":8080,"ContainerPort":80,"Protocol":"tcp","HostIP":""},{"HostPort":8443,"ContainerPort":443,"Protocol":"sctp","HostIP":"::1"}]""";
        const string bandwidth = """{"IngressRate":1000,"IngressBurst":4294967295,"EgressRate":1.0e3,"EgressBurst":4294967295}""";
        const string ipRanges = """[[{"Subnet":"10.0.0.0/24","RangeStart":"10.0.0.10","RangeEnd":"10.0.0.20","Gateway":"10.0.0.1"}]]""";
        var runtimeConfig = TestJson.Obj($$$"""{"PortMappings":{{{portMappings}}},"Bandwidth":{{{bandwidth}}},"IPRanges":{{{ipRanges}}},"Dns":{"Servers":["1.1.1.1"]}}""");
        var plugin = TestJson.Obj("""{"type":"x","capabilities":{"portMappings":true,"bandwidth":true,"ipRanges":true,"dns":false}}""");

        var filtered = RuntimeConfigFilter.ForPlugin(plugin, runtimeConfig)!;

        Assert.Equal(["portMappings", "bandwidth", "ipRanges"], filtered.Select(p => p.Key));
        Assert.Equal(portMappings, TestJson.Text(filtered["portMappings"]));
        Assert.Equal(bandwidth, TestJson.Text(filtered["bandwidth"]));
        Assert.Equal(ipRanges, TestJson.Text(filtered["ipRanges"]));
    }

    [Fact]
    public void ForPlugin_ExactCaseAndOtherCase_PrefersTheExactKey()
    {
        var runtimeConfig = TestJson.Obj("""{"MAC":"02:00:00:00:00:0a","mac":"02:00:00:00:00:0b"}""");
        var plugin = TestJson.Obj("""{"type":"x","capabilities":{"mac":true}}""");

        var filtered = RuntimeConfigFilter.ForPlugin(plugin, runtimeConfig);

        JsonAssert.Equal("""{"mac":"02:00:00:00:00:0b"}""", filtered);
    }

    [Fact]
    public void ForPlugin_Result_IsDetachedFromTheInputs()
    {
        var runtimeConfig = TestJson.Obj(CriORuntimeConfig);
        var before = TestJson.Text(runtimeConfig);
        var plugin = TestJson.Obj("""{"type":"x","capabilities":{"mac":true,"bandwidth":true}}""");

        var filtered = RuntimeConfigFilter.ForPlugin(plugin, runtimeConfig)!;
        var host = new JsonObject { ["runtimeConfig"] = filtered };
        filtered["bandwidth"]!.AsObject()["ingressRate"] = 1;

        Assert.Equal(before, TestJson.Text(runtimeConfig));
        Assert.Same(filtered, host["runtimeConfig"]);
    }

    [Fact]
    public void Declared_SeveralPlugins_ListsTrueCapabilitiesOnce()
    {
        var plugins = new[]
        {
            TestJson.Obj("""{"type":"bridge","capabilities":{"ips":true,"mac":false}}"""),
            TestJson.Obj("""{"type":"tuning"}"""),
            TestJson.Obj("""{"type":"portmap","capabilities":{"portMappings":true,"ips":true,"bandwidth":"true"}}"""),
        };

        Assert.Equal(["ips", "portMappings"], RuntimeConfigFilter.Declared(plugins));
    }
}
