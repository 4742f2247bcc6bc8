using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Delegates;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class DelegateInputsTests
{
    private const string Runtime = """{"portMappings":[{"hostPort":80,"containerPort":8080,"protocol":"tcp"}],"bandwidth":{"ingressRate":1},"ips":["1.1.1.1"]}""";

    [Fact]
    public void RuntimeConfig_ClusterNetwork_GetsTheRuntimesUnchanged()
    {
        JsonAssert.Equal(Runtime, DelegateInputs.RuntimeConfig(TestJson.Obj(Runtime), null));
        Assert.Null(DelegateInputs.RuntimeConfig(null, null));
    }

    [Theory]
    [InlineData(Runtime, """[{"name":"a"}]""", null, null, Runtime)]
    [InlineData(null, """[{"name":"a"}]""", null, null, null)]
    [InlineData(null, """[{"name":"a","ips":["10.0.0.5/24"],"mac":"02:00:00:00:00:01"}]""", null, null, """{"ips":["10.0.0.5/24"],"mac":"02:00:00:00:00:01"}""")]
    [InlineData(Runtime, """[{"name":"a","portMappings":[],"bandwidth":{"egressRate":5},"ips":["fd00::5"]}]""", null, null,
        """{"portMappings":[],"bandwidth":{"egressRate":5},"ips":["fd00::5"]}""")]
    [InlineData("""{"PortMappings":[{"hostPort":1}],"other":true}""", """[{"name":"a","portMappings":[{"hostPort":2}]}]""", null, null,
        """{"other":true,"portMappings":[{"hostPort":2}]}""")]
    [InlineData(null, """[{"name":"a","infiniband-guid":"00:11:22:33:44:55:66:77","deviceID":"0000:03:00.2"}]""", null, "/run/dev.json",
        """{"infinibandGUID":"00:11:22:33:44:55:66:77","deviceID":"0000:03:00.2","CNIDeviceInfoFile":"/run/dev.json"}""")]
    [InlineData(null, """[{"name":"a","deviceID":"0000:03:00.2"}]""", "0000:81:00.1", "/run/dev.json", """{"deviceID":"0000:81:00.1","CNIDeviceInfoFile":"/run/dev.json"}""")]
    [InlineData(null, """[{"name":"a"}]""", "0000:81:00.1", null, """{"deviceID":"0000:81:00.1"}""")]
    [InlineData(null, """[{"name":"a"}]""", null, "/run/dev.json", null)]
    public void RuntimeConfig_Secondary_ElementOverridesTheRuntime(string? runtime, string annotation, string? allocated, string? deviceInfoFile, string? expected)
    {
        var selection = NetworkSelectionParser.Parse(annotation, "ns").Unwrap()[0];

        var config = DelegateInputs.RuntimeConfig(runtime is null ? null : TestJson.Obj(runtime), selection, allocated, deviceInfoFile);

        Assert.Equal(expected is null ? "null" : TestJson.Text(TestJson.Obj(expected)), TestJson.Text(config));
    }

    [Fact]
    public void RuntimeConfig_Secondary_ReachesOnlyPluginsDeclaringTheCapability()
    {
        var selection = NetworkSelectionParser.Parse("""[{"name":"a","ips":["10.0.0.5/24"],"mac":"02:00:00:00:00:01"}]""", "ns").Unwrap()[0];
        var config = DelegateInputs.RuntimeConfig(TestJson.Obj(Runtime), selection);

        JsonAssert.Equal("""{"ips":["10.0.0.5/24"]}""", RuntimeConfigFilter.ForPlugin(TestJson.Obj("""{"type":"static","capabilities":{"ips":true}}"""), config));
        JsonAssert.Equal("""{"portMappings":[{"hostPort":80,"containerPort":8080,"protocol":"tcp"}],"mac":"02:00:00:00:00:01"}""",
            RuntimeConfigFilter.ForPlugin(TestJson.Obj("""{"type":"tuning","capabilities":{"portMappings":true,"mac":true,"ips":false}}"""), config));
    }

    [Theory]
    [InlineData("""[{"name":"a"}]""", "")]
    [InlineData("""[{"name":"a","mac":"02:00:00:00:00:01"}]""", "MAC=02:00:00:00:00:01")]
    [InlineData("""[{"name":"a","ips":["10.0.0.5/24","fd00::5"]}]""", "IP=10.0.0.5/24,fd00::5")]
    [InlineData("""[{"name":"a","ips":["10.0.0.5"],"mac":"02-00-00-00-00-01"}]""", "MAC=02-00-00-00-00-01;IP=10.0.0.5")]
    public void CniArgsExtras_AddMacAndIpWhenRequested(string annotation, string expected)
    {
        var selection = NetworkSelectionParser.Parse(annotation, "ns").Unwrap()[0];

        Assert.Equal(expected, string.Join(';', DelegateInputs.CniArgsExtras(selection).Select(p => $"{p.Key}={p.Value}")));
    }

    [Fact]
    public void CniArgsExtras_ReachTheDelegateArgs()
    {
        var selection = NetworkSelectionParser.Parse("""[{"name":"a","ips":["10.0.0.5"],"mac":"02:00:00:00:00:01"}]""", "ns").Unwrap()[0];

        var args = CniArgs.Parse("K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p").ForDelegate("c1", DelegateInputs.CniArgsExtras(selection));

        Assert.Equal("IgnoreUnknown=true;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=c1;K8S_POD_UID=;MAC=02:00:00:00:00:01;IP=10.0.0.5", args.ToString());
        Assert.Empty(DelegateInputs.CniArgsExtras(null));
    }

    [Theory]
    [InlineData("""{"type":"macvlan"}""", """{"foo":"bar"}""", null, """{"type":"macvlan","args":{"cni":{"foo":"bar"}}}""")]
    [InlineData("""{"type":"macvlan","args":{"other":1}}""", """{"foo":"bar"}""", null, """{"type":"macvlan","args":{"other":1,"cni":{"foo":"bar"}}}""")]
    [InlineData("""{"type":"macvlan","args":{"cni":{"foo":"old","keep":2}}}""", """{"foo":"new","n":{"x":1}}""", null,
        """{"type":"macvlan","args":{"cni":{"foo":"new","keep":2,"n":{"x":1}}}}""")]
    [InlineData("""{"type":"multi-ipam"}""", null, "claim-1", """{"type":"multi-ipam","args":{"cni":{"ipam-claim-reference":"claim-1"}}}""")]
    [InlineData("""{"type":"multi-ipam"}""", """{"ipam-claim-reference":"x","a":1}""", "claim-1", """{"type":"multi-ipam","args":{"cni":{"ipam-claim-reference":"claim-1","a":1}}}""")]
    [InlineData("""{"type":"macvlan","args":{"cni":{"foo":"old"}}}""", null, null, """{"type":"macvlan","args":{"cni":{"foo":"old"}}}""")]
    public void WithCniArgs_MergesIntoArgsCni(string plugin, string? cniArgs, string? claim, string expected)
    {
        var network = new NetworkConfigList("n", "1.0.0", [TestJson.Obj(plugin)]);
        var selection = new NetworkSelection("ns", "n", CniArgs: cniArgs is null ? null : TestJson.Obj(cniArgs), IpamClaimReference: claim);

        var merged = DelegateInputs.WithCniArgs(network, selection).Unwrap();

        JsonAssert.Equal(expected, Assert.Single(merged.Plugins));
        JsonAssert.Equal(plugin, network.Plugins[0]);
    }

    [Fact]
    public void WithCniArgs_Conflist_MergesIntoEveryPlugin()
    {
        var network = new NetworkConfigList("n", "1.0.0", [TestJson.Obj("""{"type":"bridge"}"""), TestJson.Obj("""{"type":"tuning","args":{"cni":{"z":0}}}""")]);

        var merged = DelegateInputs.WithCniArgs(network, new NetworkSelection("ns", "n", CniArgs: TestJson.Obj("""{"a":"b"}"""))).Unwrap();

        Assert.Equal(["""{"type":"bridge","args":{"cni":{"a":"b"}}}""", """{"type":"tuning","args":{"cni":{"z":0,"a":"b"}}}"""], merged.Plugins.Select(p => TestJson.Text(p)));
    }

    [Theory]
    [InlineData("""{"type":"macvlan","args":"x"}""")]
    [InlineData("""{"type":"macvlan","args":{"cni":[]}}""")]
    public void WithCniArgs_ArgsNotAnObject_Fails104(string plugin)
    {
        var network = new NetworkConfigList("n", "1.0.0", [TestJson.Obj(plugin)]);

        var error = DelegateInputs.WithCniArgs(network, new NetworkSelection("ns", "n", CniArgs: TestJson.Obj("""{"a":"b"}"""))).Error;

        Assert.Equal(CniErrorCode.NadUnusable, error?.Code);
        Assert.Contains("ns/n", error?.Msg, StringComparison.Ordinal);
    }
}
