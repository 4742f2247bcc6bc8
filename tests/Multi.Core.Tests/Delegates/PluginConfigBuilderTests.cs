using Multi.Core.Cni.Results;
using Multi.Core.Delegates;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Delegates;

public sealed class PluginConfigBuilderTests
{
    private const string Bridge = """
        {"type":"bridge","name":"other","cniVersion":"0.1.0","bridge":"br0","isGateway":true,
         "capabilities":{"portMappings":true,"mac":true},"ipam":{"type":"host-local","ranges":[[{"subnet":"10.1.0.0/24"}]]},
         "prevResult":{"cniVersion":"1.0.0","ips":[]}}
        """;

    private static readonly NetworkConfigList Network = NetworkConfigParser.Parse(
        TestJson.Bytes($$$"""{"cniVersion":"0.4.0","name":"chain","plugins":[{{{Bridge}}},{"type":"portmap","capabilities":{"portMappings":true}},{"type":"tuning"}]}"""),
        "1.1.0",
        "test").Unwrap();

    private const string RuntimeConfig = """{"portMappings":[{"hostPort":80,"containerPort":8080,"protocol":"tcp"}],"bandwidth":{"ingressRate":1}}""";

    [Fact]
    public void Build_InjectsNameAndVersionAndLeavesOtherFieldsUntouched()
    {
        var config = PluginConfigBuilder.Build(Network, 0, null, null).Unwrap();

        Assert.Equal("chain", Json.GetString(config, "name"));
        Assert.Equal("0.4.0", Json.GetString(config, "cniVersion"));
        var original = TestJson.Obj(Bridge);
        foreach (var key in new[] { "type", "bridge", "isGateway", "capabilities", "ipam" })
        {
            Assert.Equal(TestJson.Text(original[key]), TestJson.Text(config[key]));
        }

        Assert.Equal(["type", "name", "cniVersion", "bridge", "isGateway", "capabilities", "ipam"], config.Select(p => p.Key));
    }

    [Fact]
    public void Build_RuntimeConfig_IsFilteredByThePluginsCapabilities()
    {
        var config = PluginConfigBuilder.Build(Network, 0, TestJson.Obj(RuntimeConfig), null).Unwrap();

        JsonAssert.Equal("""{"portMappings":[{"hostPort":80,"containerPort":8080,"protocol":"tcp"}]}""", config["runtimeConfig"]);
        JsonAssert.Equal("""{"portMappings":true,"mac":true}""", config["capabilities"]);
    }

    [Fact]
    public void Build_PluginWithoutCapabilities_GetsNoRuntimeConfig()
    {
        var config = PluginConfigBuilder.Build(Network, 2, TestJson.Obj(RuntimeConfig), null).Unwrap();

        Assert.False(config.ContainsKey("runtimeConfig"));
    }

    [Fact]
    public void Build_PrevResult_IsRenderedInThePluginsVersion()
    {
        var config = PluginConfigBuilder.Build(Network, 1, null, SampleResults.Rich11).Unwrap();

        JsonAssert.Equal(TestJson.Text(ResultCodec.Render(SampleResults.Rich11, "0.4.0").Unwrap()), config["prevResult"]);
        Assert.Equal("4", config["prevResult"]!["ips"]![0]!["version"]!.GetValue<string>());
    }

    [Fact]
    public void Build_NoPrevResult_RemovesAConfiguredOne()
    {
        var config = PluginConfigBuilder.Build(Network, 0, null, null).Unwrap();

        Assert.False(config.ContainsKey("prevResult"));
    }

    [Fact]
    public void Build_PrevResultNotExpressibleInTheVersion_FailsWithCode109()
    {
        var legacy = Network with { CniVersion = "0.2.0" };

        var outcome = PluginConfigBuilder.Build(legacy, 0, null, CniResult.Empty("1.1.0"));

        Assert.Equal(109u, outcome.Error!.Code);
    }

    [Fact]
    public void Build_Extra_IsMergedOverwritingExistingKeys()
    {
        var extra = TestJson.Obj("""{"deviceID":"0000:3b:00.1","bridge":"br1","args":{"cni":{"ips":["10.1.0.9/24"]}}}""");

        var config = PluginConfigBuilder.Build(Network, 0, null, null, extra).Unwrap();

        Assert.Equal("0000:3b:00.1", Json.GetString(config, "deviceID"));
        Assert.Equal("br1", Json.GetString(config, "bridge"));
        JsonAssert.Equal("""{"cni":{"ips":["10.1.0.9/24"]}}""", config["args"]);
        Assert.Equal("""{"deviceID":"0000:3b:00.1","bridge":"br1","args":{"cni":{"ips":["10.1.0.9/24"]}}}""", TestJson.Text(extra));
    }

    [Fact]
    public void Build_Always_LeavesTheNetworkUnchanged()
    {
        var before = Network.Plugins.Select(TestJson.Text).ToList();

        _ = PluginConfigBuilder.Build(Network, 0, TestJson.Obj(RuntimeConfig), SampleResults.Rich11, TestJson.Obj("""{"bridge":"x"}""")).Unwrap();

        Assert.Equal(before, Network.Plugins.Select(TestJson.Text));
    }
}
