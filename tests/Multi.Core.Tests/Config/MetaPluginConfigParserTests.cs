using System.Text.Json.Nodes;
using Multi.Core.Config;
using Multi.Core.Tests.Support;
using Xunit;

namespace Multi.Core.Tests.Config;

public sealed class MetaPluginConfigParserTests
{
    private const string Minimal = """{"cniVersion":"1.0.0","name":"multi-cni-network","type":"multi","clusterNetwork":"k8s-pod-network"}""";

    [Fact]
    public void Parse_Minimal_UsesTheMultusDefaults()
    {
        var config = MetaPluginConfigParser.Parse(TestJson.Obj(Minimal), "1.0.0").Unwrap();

        Assert.Equal("multi-cni-network", config.Name);
        Assert.Equal("1.0.0", config.CniVersion);
        Assert.Equal("k8s-pod-network", config.ClusterNetwork);
        Assert.Empty(config.Delegates);
        Assert.Empty(config.DefaultNetworks);
        Assert.Equal(["kube-system"], config.SystemNamespaces);
        Assert.Equal("kube-system", config.MultusNamespace);
        Assert.Null(config.Kubeconfig);
        Assert.Equal("/etc/cni/multus/net.d", config.ConfDir);
        Assert.Equal("/var/lib/cni/multi", config.CniDir);
        Assert.Equal("/opt/cni/bin", config.BinDir);
        Assert.Null(config.ReadinessIndicatorFile);
        Assert.Equal(TimeSpan.FromSeconds(45), config.ReadinessTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), config.DelegateTimeout);
        Assert.False(config.RetryDeleteOnError);
        Assert.Null(config.DaemonSocket);
        Assert.Equal(LogLevelSetting.Panic, config.LogLevel);
        Assert.Null(config.LogFile);
        Assert.True(config.LogToStderr);
        Assert.Null(config.RuntimeConfig);
        Assert.Null(config.PrevResult);
        Assert.Empty(config.IgnoredKeys);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Parse_EveryKey_IsRead()
    {
        const string json = """
            {"cniVersion":"0.3.1","name":"multus","type":"multus",
             "kubeconfig":"/etc/cni/net.d/multus.d/multus.kubeconfig",
             "delegates":[{"cniVersion":"0.3.1","name":"cluster","type":"flannel"},{"name":"extra","type":"macvlan"}],
             "clusterNetwork":"/etc/cni/net.d/10-flannel.conflist",
             "defaultNetworks":["sidecar","/etc/other.conf"],
             "systemNamespaces":["kube-system","openshift-infra"],
             "multusNamespace":"multus",
             "confDir":"/etc/confdir","cniDir":"/var/lib/cnidir","binDir":"/usr/libexec/cni",
             "readinessindicatorfile":"/run/flannel/subnet.env",
             "readinessIndicatorTimeoutSeconds":12.5,"delegateTimeoutSeconds":30,"daemonSocket":"/run/multi/multi.sock",
             "retryDeleteOnError":"TRUE","logLevel":"Verbose","logFile":"/var/log/multi.log","logToStderr":false,
             "runtimeConfig":{"portMappings":[]},
             "prevResult":{"cniVersion":"0.3.1"}}
            """;

        var config = MetaPluginConfigParser.Parse(TestJson.Obj(json), "0.3.1").Unwrap();

        Assert.Equal("multus", config.Name);
        Assert.Equal("/etc/cni/net.d/multus.d/multus.kubeconfig", config.Kubeconfig);
        Assert.Equal(["cluster", "extra"], config.Delegates.Select(d => Json.GetString(d, "name")));
        Assert.Equal("/etc/cni/net.d/10-flannel.conflist", config.ClusterNetwork);
        Assert.Equal(["sidecar", "/etc/other.conf"], config.DefaultNetworks);
        Assert.Equal(["kube-system", "openshift-infra"], config.SystemNamespaces);
        Assert.Equal("multus", config.MultusNamespace);
        Assert.Equal("/etc/confdir", config.ConfDir);
        Assert.Equal("/var/lib/cnidir", config.CniDir);
        Assert.Equal("/usr/libexec/cni", config.BinDir);
        Assert.Equal("/run/flannel/subnet.env", config.ReadinessIndicatorFile);
        Assert.Equal(TimeSpan.FromSeconds(12.5), config.ReadinessTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), config.DelegateTimeout);
        Assert.True(config.RetryDeleteOnError);
        Assert.Equal("/run/multi/multi.sock", config.DaemonSocket);
        Assert.Equal(LogLevelSetting.Verbose, config.LogLevel);
        Assert.Equal("/var/log/multi.log", config.LogFile);
        Assert.False(config.LogToStderr);
        JsonAssert.Equal("""{"portMappings":[]}""", config.RuntimeConfig);
        JsonAssert.Equal("""{"cniVersion":"0.3.1"}""", config.PrevResult);
        Assert.Empty(config.IgnoredKeys);
        Assert.Empty(config.Warnings);
    }

    [Fact]
    public void Parse_ExplicitEmptySystemNamespaces_ReplacesTheDefault()
    {
        var config = Parse("""{"systemNamespaces":[]}""").Unwrap();

        Assert.Empty(config.SystemNamespaces);
    }

    [Theory]
    [InlineData("""{"name":5}""", "name")]
    [InlineData("""{"delegates":{}}""", "delegates")]
    [InlineData("""{"delegates":[5]}""", "delegates[0]")]
    [InlineData("""{"delegates":[{"type":"a"},"b"]}""", "delegates[1]")]
    [InlineData("""{"clusterNetwork":5}""", "clusterNetwork")]
    [InlineData("""{"defaultNetworks":"sidecar"}""", "defaultNetworks")]
    [InlineData("""{"defaultNetworks":[1]}""", "defaultNetworks")]
    [InlineData("""{"systemNamespaces":"kube-system"}""", "systemNamespaces")]
    [InlineData("""{"systemNamespaces":[null]}""", "systemNamespaces")]
    [InlineData("""{"multusNamespace":[]}""", "multusNamespace")]
    [InlineData("""{"kubeconfig":1}""", "kubeconfig")]
    [InlineData("""{"confDir":true}""", "confDir")]
    [InlineData("""{"cniDir":1}""", "cniDir")]
    [InlineData("""{"binDir":{}}""", "binDir")]
    [InlineData("""{"readinessindicatorfile":1}""", "readinessindicatorfile")]
    [InlineData("""{"readinessIndicatorTimeoutSeconds":"45"}""", "readinessIndicatorTimeoutSeconds")]
    [InlineData("""{"readinessIndicatorTimeoutSeconds":0}""", "readinessIndicatorTimeoutSeconds")]
    [InlineData("""{"readinessIndicatorTimeoutSeconds":-1}""", "readinessIndicatorTimeoutSeconds")]
    [InlineData("""{"readinessIndicatorTimeoutSeconds":3601}""", "readinessIndicatorTimeoutSeconds")]
    [InlineData("""{"delegateTimeoutSeconds":true}""", "delegateTimeoutSeconds")]
    [InlineData("""{"delegateTimeoutSeconds":1e400}""", "delegateTimeoutSeconds")]
    [InlineData("""{"retryDeleteOnError":"yes"}""", "retryDeleteOnError")]
    [InlineData("""{"retryDeleteOnError":1}""", "retryDeleteOnError")]
    [InlineData("""{"logLevel":1}""", "logLevel")]
    [InlineData("""{"logFile":false}""", "logFile")]
    [InlineData("""{"logToStderr":"no"}""", "logToStderr")]
    [InlineData("""{"runtimeConfig":[]}""", "runtimeConfig")]
    [InlineData("""{"prevResult":"x"}""", "prevResult")]
    [InlineData("""{"daemonSocket":1}""", "daemonSocket")]
    [InlineData("""{"daemonSocket":"run/multi/multi.sock"}""", "daemonSocket")]
    [InlineData("""{"daemonSocket":"/run/\u0000.sock"}""", "daemonSocket")]
    [InlineData("""{"podResourcesSocket":"kubelet.sock"}""", "podResourcesSocket")]
    [InlineData("""{"podResourcesSocket":3}""", "podResourcesSocket")]
    [InlineData("""{"podResourcesTimeoutSeconds":0}""", "podResourcesTimeoutSeconds")]
    [InlineData("""{"deviceCheckpointFile":"checkpoint"}""", "deviceCheckpointFile")]
    [InlineData("""{"deviceInfoDir":"devinfo"}""", "deviceInfoDir")]
    public void Parse_KeyOfTheWrongType_FailsWithCode7NamingTheKey(string overrides, string key)
    {
        var outcome = Parse(overrides);

        Assert.False(outcome.IsOk);
        Assert.Equal(7u, outcome.Error.Code);
        Assert.Contains(key, outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeviceKeys_AreReadAndDefaulted()
    {
        var defaults = Parse("{}").Unwrap();
        var set = Parse("""{"podResourcesSocket":"/k/pr.sock","podResourcesTimeoutSeconds":2.5,"deviceCheckpointFile":"/k/cp","deviceInfoDir":"/d"}""").Unwrap();

        Assert.Equal(
            ("/var/lib/kubelet/pod-resources/kubelet.sock", TimeSpan.FromSeconds(10), "/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint", "/var/run/k8s.cni.cncf.io/devinfo"),
            (defaults.PodResourcesSocket, defaults.PodResourcesTimeout, defaults.DeviceCheckpointFile, defaults.DeviceInfoDir));
        Assert.Equal(("/k/pr.sock", TimeSpan.FromSeconds(2.5), "/k/cp", "/d"), (set.PodResourcesSocket, set.PodResourcesTimeout, set.DeviceCheckpointFile, set.DeviceInfoDir));
    }

    [Fact]
    public void Parse_NoName_FailsWithCode7()
    {
        var raw = TestJson.Obj(Minimal);
        raw.Remove("name");

        var outcome = MetaPluginConfigParser.Parse(raw, "1.0.0");

        Assert.Equal(7u, outcome.Error!.Code);
        Assert.Contains("name", outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"m","type":"multi"}""")]
    [InlineData("""{"name":"m","type":"multi","delegates":[]}""")]
    [InlineData("""{"name":"m","type":"multi","clusterNetwork":""}""")]
    [InlineData("""{"name":"m","type":"multi","delegates":[],"clusterNetwork":null}""")]
    public void Parse_NeitherDelegatesNorClusterNetwork_FailsWithCode7(string json)
    {
        var outcome = MetaPluginConfigParser.Parse(TestJson.Obj(json), "1.0.0");

        Assert.Equal(7u, outcome.Error!.Code);
        Assert.Contains("delegates", outcome.Error.Msg, StringComparison.Ordinal);
        Assert.Contains("clusterNetwork", outcome.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlyDelegates_IsValid()
    {
        var config = MetaPluginConfigParser.Parse(TestJson.Obj("""{"name":"m","delegates":[{"type":"flannel"}]}"""), "1.0.0").Unwrap();

        Assert.Null(config.ClusterNetwork);
        Assert.Single(config.Delegates);
    }

    [Theory]
    [InlineData("debug", LogLevelSetting.Debug)]
    [InlineData("DEBUG", LogLevelSetting.Debug)]
    [InlineData("verbose", LogLevelSetting.Verbose)]
    [InlineData("Error", LogLevelSetting.Error)]
    [InlineData("panic", LogLevelSetting.Panic)]
    [InlineData("", LogLevelSetting.Panic)]
    public void Parse_KnownLogLevel_IsUsedWithoutWarning(string value, LogLevelSetting expected)
    {
        var config = Parse($$"""{"logLevel":"{{value}}"}""").Unwrap();

        Assert.Equal(expected, config.LogLevel);
        Assert.Empty(config.Warnings);
    }

    [Theory]
    [InlineData("info")]
    [InlineData("warning")]
    [InlineData(" debug")]
    [InlineData("debug ")]
    [InlineData("debug,error")]
    [InlineData("Debug, Error")]
    [InlineData("0")]
    [InlineData("3")]
    public void Parse_UnknownLogLevel_WarnsAndKeepsPanic(string value)
    {
        var config = Parse($$"""{"logLevel":"{{value}}"}""").Unwrap();

        Assert.Equal(LogLevelSetting.Panic, config.LogLevel);
        Assert.Contains($"\"{value}\"", Assert.Single(config.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MultusDaemonKeys_LandInIgnoredKeysWhateverTheirType()
    {
        const string daemon = """
            {"chrootDir":"/hostroot","socketDir":"/run/multus","metricsPort":"9091","multusConfigFile":"auto",
             "multusAutoconfigDir":"/host/etc/cni/net.d","multusMasterCNI":"10-calico.conflist","cniConfigDir":"/host/etc/cni/net.d",
             "forceCNIVersion":true,"perNodeCertificate":{"enabled":true,"bootstrapKubeconfig":"/x","certDir":"/y","certDuration":"10m"}}
            """;

        var config = Parse(daemon).Unwrap();

        Assert.Equal(
            ["chrootDir", "socketDir", "metricsPort", "multusConfigFile", "multusAutoconfigDir", "multusMasterCNI", "cniConfigDir", "forceCNIVersion", "perNodeCertificate"],
            config.IgnoredKeys);
    }

    [Fact]
    public void Parse_UnknownKeys_AreIgnored()
    {
        var config = Parse("""{"someFutureKey":{"x":[1,2]},"capabilities":{"portMappings":true},"LogLevel":7,"kubeConfig":false}""").Unwrap();

        Assert.Empty(config.IgnoredKeys);
        Assert.Empty(config.Warnings);
        Assert.Equal(LogLevelSetting.Panic, config.LogLevel);
        Assert.Null(config.Kubeconfig);
    }

    [Fact]
    public void Parse_EmptyStrings_FallBackToDefaults()
    {
        var config = Parse("""{"multusNamespace":"","confDir":"","cniDir":"","binDir":"","kubeconfig":"","readinessindicatorfile":"","logFile":"","daemonSocket":""}""").Unwrap();

        Assert.Equal("kube-system", config.MultusNamespace);
        Assert.Equal(MetaPluginConfig.DefaultConfDir, config.ConfDir);
        Assert.Equal(MetaPluginConfig.DefaultCniDir, config.CniDir);
        Assert.Equal(MetaPluginConfig.DefaultBinDir, config.BinDir);
        Assert.Null(config.Kubeconfig);
        Assert.Null(config.ReadinessIndicatorFile);
        Assert.Null(config.LogFile);
        Assert.Null(config.DaemonSocket);
    }

    /// <summary>The minimal valid configuration with <paramref name="overrides"/> applied on top.</summary>
    private static Multi.Core.Cni.Outcome<MetaPluginConfig> Parse(string overrides)
    {
        var raw = TestJson.Obj(Minimal);
        foreach (var (key, value) in TestJson.Obj(overrides))
        {
            raw[key] = value?.DeepClone();
        }

        return MetaPluginConfigParser.Parse(raw, "1.0.0");
    }
}
