using Multi.Operator.NodeAgent.Install;

namespace Multi.Operator.Tests.NodeAgent.Install;

public sealed class PrimaryConfigSelectorTests
{
    private const string Calico = """{"cniVersion":"0.3.1","name":"k8s-pod-network","plugins":[{"type":"calico"},{"type":"portmap","capabilities":{"portMappings":true}}]}""";

    [Theory]
    [InlineData("10-calico.conflist", "10-calico.conflist")]
    [InlineData("05-istio-cni.conflist|10-calico.conflist", "10-calico.conflist")]
    [InlineData("00-multus.conf|10-calico.conflist", "10-calico.conflist")]
    [InlineData("00-multi.conflist|10-calico.conflist", "10-calico.conflist")]
    [InlineData("01-old-multi.conflist|10-calico.conflist", "10-calico.conflist")]
    [InlineData("02-meta.conf|10-calico.conflist", "10-calico.conflist")]
    [InlineData("99-loopback.conf|10-calico.conflist", "10-calico.conflist")]
    [InlineData("10-calico.conflist|20-flannel.conflist", "10-calico.conflist")]
    [InlineData("20-flannel.conflist|10-calico.conflist", "10-calico.conflist")]
    [InlineData("10-calico.conflist.bak|20-flannel.conflist", "20-flannel.conflist")]
    [InlineData("05-istio-cni.conflist|00-multus.conf|99-loopback.conf", null)]
    [InlineData("", null)]
    public void Select_Files_ChoosesTheFirstThatIsAPrimary(string names, string? expected)
    {
        var files = names.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(n => new CniConfFile(n, Content(n)));

        var selection = PrimaryConfigSelector.Select(files, []);

        Assert.Null(selection.Problem);
        Assert.Equal(expected, selection.Primary?.File);
    }

    [Theory]
    [InlineData("05-istio-cni.conflist", "only chained or auxiliary plugins (istio-cni)")]
    [InlineData("00-multus.conf", "Multus configuration (type multus)")]
    [InlineData("01-old-multi.conflist", "delegates to multi")]
    [InlineData("02-meta.conf", "has \"delegates\" or \"clusterNetwork\"")]
    [InlineData("00-multi.conflist", "Multi's own configuration")]
    public void Select_PassedOverFile_IsReportedWithItsReason(string name, string reason)
    {
        var selection = PrimaryConfigSelector.Select([new CniConfFile(name, Content(name)), new CniConfFile("10-calico.conflist", Calico)], []);

        var skipped = Assert.Single(selection.Skipped);
        Assert.Equal(name, skipped.File);
        Assert.Contains(reason, skipped.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "is not valid JSON")]
    [InlineData("[1]", "is not a JSON object")]
    [InlineData("""{"cniVersion":"0.3.1","name":"x","plugins":[]}""", "neither")]
    [InlineData("""{"cniVersion":"0.3.1","name":"x","plugins":[{"ipam":{}}]}""", "neither")]
    [InlineData("""{"cniVersion":"9.9.9","name":"x","type":"bridge"}""", "cniVersion \"9.9.9\"")]
    public void Select_MalformedFirstCandidate_ChoosesNothingAndSaysWhy(string text, string problem)
    {
        var selection = PrimaryConfigSelector.Select([new CniConfFile("10-broken.conf", text), new CniConfFile("20-flannel.conflist", Calico)], []);

        Assert.Null(selection.Primary);
        Assert.Contains("10-broken.conf", selection.Problem, StringComparison.Ordinal);
        Assert.Contains(problem, selection.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_SkipList_PassesOverTheNamedFile()
    {
        var selection = PrimaryConfigSelector.Select([new CniConfFile("10-calico.conflist", Calico), new CniConfFile("20-flannel.conflist", Calico)], ["10-calico.conflist"]);

        Assert.Equal("20-flannel.conflist", selection.Primary?.File);
        Assert.Equal("listed in Operator:Install:SkipFiles", Assert.Single(selection.Skipped).Reason);
    }

    [Fact]
    public void Select_Primary_CarriesVersionNameAndCapabilities()
    {
        var primary = PrimaryConfigSelector.Select([new CniConfFile("10-calico.conflist", Calico)], []).Primary!;

        Assert.Equal("0.3.1", primary.CniVersion);
        Assert.Equal("k8s-pod-network", primary.NetworkName);
        Assert.Equal(["portMappings"], primary.Capabilities);
    }

    internal static string Content(string name) => name switch
    {
        "05-istio-cni.conflist" => """{"cniVersion":"0.3.1","name":"istio-cni","plugins":[{"type":"istio-cni"}]}""",
        "00-multus.conf" => """{"cniVersion":"0.3.1","name":"multus-cni-network","type":"multus","kubeconfig":"/etc/cni/net.d/multus.d/multus.kubeconfig","delegates":[{"type":"calico"}]}""",
        "00-multi.conflist" or "01-old-multi.conflist" => """{"cniVersion":"0.3.1","name":"multi-cni-network","plugins":[{"type":"multi","clusterNetwork":"/etc/cni/net.d/10-calico.conflist"}]}""",
        "02-meta.conf" => """{"cniVersion":"0.3.1","name":"meta","type":"some-meta","clusterNetwork":"/etc/cni/net.d/10-calico.conflist"}""",
        "99-loopback.conf" => """{"cniVersion":"0.3.1","name":"lo","type":"loopback"}""",
        _ => Calico,
    };
}
