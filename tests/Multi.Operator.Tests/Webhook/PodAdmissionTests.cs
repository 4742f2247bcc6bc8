using k8s.Models;
using Multi.Core.Annotations;
using Multi.Core.Nad;
using Multi.Operator.Webhook;

namespace Multi.Operator.Tests.Webhook;

public sealed class PodAdmissionTests
{
    private const string Macvlan = """{"cniVersion":"1.0.0","type":"macvlan","master":"eth1"}""";

    private static readonly DictionaryNadSource Nads = new(
        new NetworkAttachmentDefinition("apps", "a", Macvlan),
        new NetworkAttachmentDefinition("apps", "b", Macvlan),
        new NetworkAttachmentDefinition("apps", "dotted.name", Macvlan),
        new NetworkAttachmentDefinition("apps", "vf", """{"cniVersion":"1.0.0","type":"sriov"}""", "intel.com/vf"),
        new NetworkAttachmentDefinition("apps", "nolist", """{"cniVersion":"1.0.0","plugins":[{"type":"bridge"},{"mtu":1}]}"""),
        new NetworkAttachmentDefinition("apps", "file", null),
        new NetworkAttachmentDefinition("default", "global", Macvlan),
        new NetworkAttachmentDefinition("team", "private", Macvlan),
        new NetworkAttachmentDefinition("kube-system", "cluster", Macvlan),
        new NetworkAttachmentDefinition("multus", "cluster", Macvlan));

    [Theory]
    [InlineData("", null, false, null)]
    [InlineData("[]", null, false, null)]
    [InlineData("a, b@net5, apps/vf@sriov0", null, false, null)]
    [InlineData("""[{"name":"dotted.name","interface":"x1"},{"name":"a","namespace":"apps","mac":"02:00:00:00:00:01","ips":["10.0.0.2/24"]}]""", null, false, null)]
    [InlineData("file", null, false, null)]
    [InlineData("dotted.name", null, false, "pod apps/web: invalid k8s.v1.cni.cncf.io/networks annotation: item 1 \"dotted.name\": \"dotted.name\" is not a DNS-1123 label")]
    [InlineData("a/b/c", null, false, "pod apps/web: invalid k8s.v1.cni.cncf.io/networks annotation: item 1 \"a/b/c\": more than one '/'")]
    [InlineData("a@averyveryverylongname", null, false, "interface name \"averyveryverylongname\" is longer than 15 bytes")]
    [InlineData("""{"name":"a"}""", null, false, "JSON value must be an array of objects, not object")]
    [InlineData("""[{"name":"a","mac":"zz"}]""", null, false, "pod apps/web: invalid k8s.v1.cni.cncf.io/networks annotation: element 1 (\"a\")")]
    [InlineData("gone", null, false, "pod apps/web: network-attachment-definition apps/gone not found")]
    [InlineData("nolist", null, false, "pod apps/web: network-attachment-definition apps/nolist")]
    [InlineData("team/private", null, true, "namespace isolation violation: pod apps/web in namespace \"apps\" may not use network \"private\" of target namespace \"team\" (allowed namespaces: the pod's own and default)")]
    [InlineData("team/private", null, false, null)]
    [InlineData("default/global", null, true, null)]
    [InlineData("a@x, b@x", null, false, "pod apps/web: interface name \"x\" is used twice: by network \"apps/a\" (annotation element 1) and network \"apps/b\" (annotation element 2)")]
    [InlineData("a@eth0", null, false, "pod apps/web: interface name \"eth0\" is used twice: by the cluster network (position 0) and network \"apps/a\" (annotation element 1)")]
    [InlineData("""[{"name":"a","interface":"a.."},{"name":"b","interface":".."}]""", null, false, "interface name \"..\" for network \"apps/b\" is invalid")]
    [InlineData("""[{"name":"a","default-route":["10.0.0.1"]},{"name":"b","default-route":["10.1.0.1"]}]""", null, false, "pod apps/web: ECMP default routes are not supported: more than one IPv4 default-route gateway is requested: 10.0.0.1 (network apps/a), 10.1.0.1 (network apps/b)")]
    [InlineData("""[{"name":"a","default-route":["10.0.0.1"]},{"name":"b","default-route":["fd00::1"]}]""", null, false, null)]
    [InlineData(null, "cluster", false, null)]
    [InlineData(null, "apps/a", true, null)]
    [InlineData(null, "gone", false, "pod apps/web: network-attachment-definition kube-system/gone not found")]
    [InlineData(null, "a,b", false, "pod apps/web: invalid v1.multus-cni.io/default-network annotation: exactly one network is allowed, found 2")]
    [InlineData("""[{"name":"a","default-route":["10.0.0.1"]}]""", """[{"name":"cluster","default-route":["10.9.0.1"]}]""", false, "more than one IPv4 default-route gateway is requested: 10.9.0.1 (network kube-system/cluster), 10.0.0.1 (network apps/a)")]
    public async Task ValidateAsync_AnnotationTable_AllowedOrTheCniPathsMessage(string? networks, string? defaultNetwork, bool isolation, string? message)
    {
        var admission = new PodAdmission(new PodNetworkRules("kube-system", NamespaceIsolationPolicy.Create(isolation, null)), Nads);

        var verdict = await admission.ValidateAsync(Pod(networks, defaultNetwork), "apps", TestContext.Current.CancellationToken);

        Assert.True((message is null) == verdict.Allowed, verdict.Message);
        if (message is not null)
        {
            Assert.Contains(message, verdict.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ValidateAsync_GenerateNamePod_NamedByItsPrefix()
    {
        var admission = new PodAdmission(new PodNetworkRules("kube-system", NamespaceIsolationPolicy.Disabled), Nads);
        var pod = Pod("gone", null);
        pod.Metadata.Name = null;
        pod.Metadata.GenerateName = "web-7d9f-";

        var verdict = await admission.ValidateAsync(pod, "apps", TestContext.Current.CancellationToken);

        Assert.Equal("pod apps/web-7d9f-<generated>: network-attachment-definition apps/gone not found", verdict.Message);
    }

    [Theory]
    [InlineData("vf, vf, a", null, """[{"op":"add","path":"/spec/containers/0/resources","value":{"requests":{"intel.com/vf":"2"},"limits":{"intel.com/vf":"2"}}}]""")]
    [InlineData("a, b", null, null)]
    [InlineData("vf,,", null, null)]
    [InlineData(null, "apps/vf", """[{"op":"add","path":"/spec/containers/0/resources","value":{"requests":{"intel.com/vf":"1"},"limits":{"intel.com/vf":"1"}}}]""")]
    public async Task MutateAsync_Table_PatchForResourceNameAttachments(string? networks, string? defaultNetwork, string? patch)
    {
        var admission = new PodAdmission(new PodNetworkRules("kube-system", NamespaceIsolationPolicy.Disabled), Nads);
        var mutation = new PodResourceMutation(admission, Nads);

        var verdict = await mutation.MutateAsync(Pod(networks, defaultNetwork), "apps", TestContext.Current.CancellationToken);

        Assert.True(verdict.Allowed);
        Assert.Equal(patch, verdict.Patch);
    }

    private static V1Pod Pod(string? networks, string? defaultNetwork)
    {
        var annotations = new Dictionary<string, string>();
        if (networks is not null)
        {
            annotations[NetworkSelectionParser.NetworksAnnotation] = networks;
        }

        if (defaultNetwork is not null)
        {
            annotations[NetworkSelectionParser.DefaultNetworkAnnotation] = defaultNetwork;
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", Annotations = annotations },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox" }] },
        };
    }
}
