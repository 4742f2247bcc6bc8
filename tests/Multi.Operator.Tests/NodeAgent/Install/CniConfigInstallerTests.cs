using System.Text.Json.Nodes;
using Multi.Operator.NodeAgent.Install;

namespace Multi.Operator.Tests.NodeAgent.Install;

public sealed class CniConfigInstallerTests
{
    private const string Calico = """{"cniVersion":"0.3.1","name":"k8s-pod-network","plugins":[{"type":"calico"},{"type":"portmap","capabilities":{"portMappings":true}}]}""";

    [Fact]
    public void ScanOnce_PrimaryAppearsLate_NothingBeforeThenWrapped()
    {
        using var host = new HostRoot();
        var installer = new CniConfigInstaller(host.Options);

        var before = installer.ScanOnce();
        host.WriteConf("10-calico.conflist", Calico);
        var after = installer.ScanOnce();

        Assert.Equal(CniConfigState.NoPrimary, before.State);
        Assert.Equal(CniConfigState.Wrapped, after.State);
        Assert.True(after.Changed);
        var plugin = Plugin(host);
        Assert.Equal("multi", (string?)plugin["type"]);
        Assert.Equal(host.Conf("10-calico.conflist"), (string?)plugin["clusterNetwork"]);
        Assert.Equal(host.Options.KubeconfigPath, (string?)plugin["kubeconfig"]);
        Assert.Equal(host.Options.CniBinDir, (string?)plugin["binDir"]);
        Assert.True((bool)plugin["capabilities"]!["portMappings"]!);
        Assert.Equal("0.3.1", (string?)JsonNode.Parse(host.ReadConfig()!)!["cniVersion"]);
        Assert.Empty(Directory.GetFiles(host.Options.CniConfDir, "*.tmp"));
        Assert.False(plugin.ContainsKey("daemonSocket"), "no daemon socket while the daemon is disabled");
    }

    [Fact]
    public void ScanOnce_DaemonEnabled_NamesItsSocket()
    {
        using var host = new HostRoot();
        host.WriteConf("10-calico.conflist", Calico);

        var report = new CniConfigInstaller(host.Options, "/run/multi/multi.sock").ScanOnce();

        Assert.Equal(CniConfigState.Wrapped, report.State);
        Assert.Equal("/run/multi/multi.sock", (string?)Plugin(host)["daemonSocket"]);
    }

    [Fact]
    public void ScanOnce_Unchanged_DoesNotRewrite()
    {
        using var host = new HostRoot();
        host.WriteConf("10-calico.conflist", Calico);
        var installer = new CniConfigInstaller(host.Options);
        installer.ScanOnce();
        var written = File.GetLastWriteTimeUtc(host.Options.ConfigPath);

        var again = installer.ScanOnce();

        Assert.False(again.Changed);
        Assert.Equal(written, File.GetLastWriteTimeUtc(host.Options.ConfigPath));
    }

    [Fact]
    public void ScanOnce_PrimaryChanges_Regenerated()
    {
        using var host = new HostRoot();
        host.WriteConf("10-calico.conflist", Calico);
        var installer = new CniConfigInstaller(host.Options);
        installer.ScanOnce();

        host.WriteConf("10-calico.conflist", Calico.Replace("0.3.1", "1.0.0", StringComparison.Ordinal));
        host.WriteConf("05-cilium.conflist", """{"cniVersion":"1.0.0","name":"cilium","plugins":[{"type":"cilium-cni"}]}""");
        var report = installer.ScanOnce();

        Assert.True(report.Changed);
        Assert.Equal("05-cilium.conflist", report.Primary);
        Assert.Equal(host.Conf("05-cilium.conflist"), (string?)Plugin(host)["clusterNetwork"]);
        Assert.Equal("1.0.0", (string?)JsonNode.Parse(host.ReadConfig()!)!["cniVersion"]);
    }

    [Fact]
    public void ScanOnce_OptionsChange_Regenerated()
    {
        using var host = new HostRoot();
        host.WriteConf("10-calico.conflist", Calico);
        new CniConfigInstaller(host.Options).ScanOnce();

        host.Options.CniBinDir = "/usr/libexec/cni";
        var report = new CniConfigInstaller(host.Options).ScanOnce();

        Assert.True(report.Changed);
        Assert.Equal("/usr/libexec/cni", (string?)Plugin(host)["binDir"]);
    }

    [Fact]
    public void ScanOnce_PrimaryDisappears_ConfigRemoved()
    {
        using var host = new HostRoot();
        host.WriteConf("10-calico.conflist", Calico);
        var installer = new CniConfigInstaller(host.Options);
        installer.ScanOnce();

        File.Delete(host.Conf("10-calico.conflist"));
        var report = installer.ScanOnce();

        Assert.Equal(CniConfigState.NoPrimary, report.State);
        Assert.True(report.Changed);
        Assert.Null(host.ReadConfig());
    }

    [Fact]
    public void ScanOnce_IstioAndMultusBeforeThePrimary_WrapsThePrimaryOnly()
    {
        using var host = new HostRoot();
        host.WriteConf("00-multus.conf", PrimaryConfigSelectorTests.Content("00-multus.conf"));
        host.WriteConf("05-istio-cni.conflist", PrimaryConfigSelectorTests.Content("05-istio-cni.conflist"));
        host.WriteConf("10-calico.conflist", Calico);

        var report = new CniConfigInstaller(host.Options).ScanOnce();

        Assert.Equal("10-calico.conflist", report.Primary);
        Assert.Equal(["00-multus.conf", "05-istio-cni.conflist"], report.Skipped.Select(s => s.File));
        Assert.Equal(host.Conf("10-calico.conflist"), (string?)Plugin(host)["clusterNetwork"]);
        var annotation = JsonNode.Parse(report.ToAnnotation())!;
        Assert.Equal("Wrapped", (string?)annotation["state"]);
        Assert.Equal(2, annotation["skipped"]!.AsArray().Count);
    }

    [Fact]
    public void ScanOnce_EarlierVersionsConfig_ReplacedNeverNested()
    {
        using var host = new HostRoot();
        host.WriteConf("00-multi.conflist", """{"cniVersion":"0.3.1","name":"multi-cni-network","plugins":[{"type":"multi","delegates":[{"type":"calico"}]}]}""");
        host.WriteConf("10-calico.conflist", Calico);

        var report = new CniConfigInstaller(host.Options).ScanOnce();

        Assert.True(report.Changed);
        Assert.Equal("10-calico.conflist", report.Primary);
        var plugins = JsonNode.Parse(host.ReadConfig()!)!["plugins"]!.AsArray();
        Assert.Single(plugins);
        Assert.Null(plugins[0]!["delegates"]);
        Assert.Equal(host.Conf("10-calico.conflist"), (string?)plugins[0]!["clusterNetwork"]);
    }

    [Fact]
    public void ScanOnce_MalformedPrimary_ReportedNotWrapped()
    {
        using var host = new HostRoot();
        host.WriteConf("10-calico.conflist", "{\"cniVersion\":\"0.3.1\",\"plugins\":[{\"type\":\"cal");
        host.WriteConf("20-flannel.conflist", Calico);

        var report = new CniConfigInstaller(host.Options).ScanOnce();

        Assert.Equal(CniConfigState.MalformedPrimary, report.State);
        Assert.Contains("10-calico.conflist would be the primary configuration but is not valid JSON", report.Problem, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", JsonNode.Parse(report.ToAnnotation())!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(host.ReadConfig());
    }

    [Fact]
    public void ScanOnce_ReadinessIndicatorMissing_NothingWrittenUntilItExists()
    {
        using var host = new HostRoot();
        host.Options.ReadinessIndicatorFile = Path.Combine(host.Root, "var/run/calico/ready");
        host.WriteConf("10-calico.conflist", Calico);
        var installer = new CniConfigInstaller(host.Options);

        var waiting = installer.ScanOnce();
        Directory.CreateDirectory(Path.GetDirectoryName(host.Options.ReadinessIndicatorFile)!);
        File.WriteAllText(host.Options.ReadinessIndicatorFile, "");
        var ready = installer.ScanOnce();

        Assert.Equal(CniConfigState.WaitingForReadiness, waiting.State);
        Assert.Equal(CniConfigState.Wrapped, ready.State);
        Assert.Equal(host.Options.ReadinessIndicatorFile, (string?)Plugin(host)["readinessindicatorfile"]);
    }

    [Fact]
    public void Remove_Uninstall_DeletesOnlyOurFile()
    {
        using var host = new HostRoot();
        host.WriteConf("10-calico.conflist", Calico);
        var installer = new CniConfigInstaller(host.Options);
        installer.ScanOnce();

        Assert.True(installer.Remove());
        Assert.Null(host.ReadConfig());
        Assert.True(File.Exists(host.Conf("10-calico.conflist")));
    }

    private static JsonObject Plugin(HostRoot host) => JsonNode.Parse(host.ReadConfig()!)!["plugins"]![0]!.AsObject();
}
