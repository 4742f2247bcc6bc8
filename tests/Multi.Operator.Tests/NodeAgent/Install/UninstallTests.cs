using k8s;
using k8s.Models;
using Multi.Operator.NodeAgent.Install;
using Multi.Testing;

namespace Multi.Operator.Tests.NodeAgent.Install;

/// <summary>The uninstall decision and the node report against the embedded API server over HTTP.</summary>
public sealed class UninstallTests
{
    private const string Calico = """{"cniVersion":"0.3.1","name":"k8s-pod-network","plugins":[{"type":"calico"}]}""";

    [Fact]
    public async Task Judge_DaemonSetExistsThenDeleted_KeepsThenRemoves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await TestCluster.StartAsync();
        using var host = new HostRoot();
        host.Options.DaemonSetNamespace = "default";
        host.WriteConf("10-calico.conflist", Calico);
        var installer = new CniConfigInstaller(host.Options);
        installer.ScanOnce();
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet(), "default", cancellationToken: ct);
        var judge = new UninstallJudge(cluster.Client, host.Options);

        var restart = await judge.JudgeAsync(ct);
        await cluster.Client.AppsV1.DeleteNamespacedDaemonSetAsync("multi-agent", "default", cancellationToken: ct);
        var deleted = await judge.JudgeAsync(ct);

        Assert.False(restart.Uninstall, restart.Reason);
        Assert.True(deleted.Uninstall, deleted.Reason);
        Assert.Contains("gone", deleted.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Decision_AnnotatesTheNodeOncePerChange()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } }, cancellationToken: ct);
        using var host = new HostRoot();
        host.WriteConf("00-multus.conf", PrimaryConfigSelectorTests.Content("00-multus.conf"));
        host.WriteConf("10-calico.conflist", Calico);
        var reporter = new NodeConfigReporter(cluster.Client, "node-1");
        var report = new CniConfigInstaller(host.Options).ScanOnce();

        var first = await reporter.ReportAsync(report, ct);
        var second = await reporter.ReportAsync(report with { Changed = false }, ct);

        Assert.True(first);
        Assert.False(second);
        var node = await cluster.Client.CoreV1.ReadNodeAsync("node-1", cancellationToken: ct);
        var annotation = node.Metadata.Annotations[InstallReport.Annotation];
        Assert.Contains("\"primary\":\"10-calico.conflist\"", annotation, StringComparison.Ordinal);
        Assert.Contains("00-multus.conf", annotation, StringComparison.Ordinal);
    }

    private static V1DaemonSet DaemonSet()
    {
        var labels = new Dictionary<string, string> { ["app"] = "multi-agent" };
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "multi-agent", NamespaceProperty = "default" },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = "multi" }] },
                },
            },
        };
    }
}
