using k8s.Models;
using Multi.Core.Annotations;
using Multi.Operator.NodeAgent.HostLinks;

namespace Multi.Operator.Tests.NodeAgent.HostLinks;

public sealed class PodAttachmentsTests
{
    [Theory]
    [InlineData("""[{"name":"kindnet","default":true},{"name":"apps/net-a","interface":"net1"}]""", null, "net-a")]
    [InlineData("""[{"name":"apps/net-a"},{"name":"other/net-b"},{"name":"apps/net-a","interface":"net2"}]""", null, "net-a,net-b")]
    [InlineData("""[{"name":"net-c"}]""", null, "net-c")]
    [InlineData("""[{"name":"apps/net-a","default":false}]""", null, "net-a")]
    [InlineData("""[{"name":"apps/net-a"}]""", "Succeeded", "")]
    [InlineData("""[{"name":"apps/net-a"}]""", "Failed", "")]
    [InlineData("""[{"name":"apps/net-a"}]""", "Running", "net-a")]
    [InlineData("not json", null, "")]
    [InlineData("""{"name":"apps/net-a"}""", null, "")]
    [InlineData("""[1, "x", {"name":""}, {"name":7}]""", null, "")]
    [InlineData("", null, "")]
    public void From_NetworkStatus_NamesTheNetworksOfNonDefaultEntries(string annotation, string? phase, string expected)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "apps", Annotations = new Dictionary<string, string> { [NetworkStatusBuilder.AnnotationKey] = annotation } },
            Status = phase is null ? null : new V1PodStatus { Phase = phase },
        };

        var attachments = PodAttachments.From([pod]);

        Assert.Equal(expected, string.Join(',', attachments.Select(a => a.Network)));
        Assert.All(attachments, a => Assert.Equal("apps/p", a.Pod));
    }

    [Fact]
    public void Trim_Pod_KeepsOnlyIdentityPhaseAndNetworkStatus()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "p", NamespaceProperty = "apps", Uid = "u1", ResourceVersion = "7", Labels = new Dictionary<string, string> { ["a"] = "b" },
                Annotations = new Dictionary<string, string> { [NetworkStatusBuilder.AnnotationKey] = "[]", ["other"] = "x" },
                ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubelet" }],
            },
            Spec = new V1PodSpec { NodeName = "n1", Containers = [new V1Container { Name = "c" }] },
            Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.1" },
        };

        var trimmed = (V1Pod)PodAttachments.Trim(pod);

        Assert.Equal(("p", "apps", "u1", "7"), (trimmed.Metadata.Name, trimmed.Metadata.NamespaceProperty, trimmed.Metadata.Uid, trimmed.Metadata.ResourceVersion));
        Assert.Equal([NetworkStatusBuilder.AnnotationKey], trimmed.Metadata.Annotations.Keys);
        Assert.Null(trimmed.Metadata.Labels);
        Assert.Null(trimmed.Metadata.ManagedFields);
        Assert.Null(trimmed.Spec);
        Assert.Equal("Running", trimmed.Status.Phase);
        Assert.Null(trimmed.Status.PodIP);
    }
}
