using k8s;
using k8s.Models;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary><c>kubectl describe</c> of custom resources, with the events it finds by field selectors on involvedObject.</summary>
public sealed class ApiServerDescribeTests
{
    [Theory]
    [InlineData("involvedObject.name=blue", "blue.1,blue.2")]
    [InlineData("involvedObject.kind=IPPool,involvedObject.name=blue", "blue.1,blue.2")]
    [InlineData("involvedObject.namespace=", "blue.1,blue.2")]
    [InlineData("involvedObject.namespace=default", "web.1")]
    [InlineData("involvedObject.uid=uid-web", "web.1")]
    [InlineData("involvedObject.name!=blue,reason=Started", "web.1")]
    [InlineData("metadata.namespace=other", "blue.2")]
    public async Task ListEvents_InvolvedObjectFieldSelector_ReturnsTheObjectsEvents(string selector, string expected)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await CreateEventAsync(cluster, "default", "blue.1", "IPPool", "blue", null, "uid-blue", "PoolReady");
        await CreateEventAsync(cluster, "other", "blue.2", "IPPool", "blue", null, "uid-blue", "PoolFull");
        await CreateEventAsync(cluster, "default", "web.1", "Pod", "web", "default", "uid-web", "Started");

        var events = await cluster.Client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: selector, cancellationToken: ct);

        Assert.Equal(expected, string.Join(',', events.Items.Select(e => e.Metadata.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task KubectlDescribe_CustomResourceWithEvents_ShowsSpecAndEvents()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        await TableFixtures.CreateShippedPoolAsync(cluster, "blue", "10.0.0.0/24", allocated: 1);
        var pool = await Kubectl.OutputAsync(cluster, "get", "ippool", "blue", "-o", "jsonpath={.metadata.uid}");
        await CreateEventAsync(cluster, "default", "blue.1", "IPPool", "blue", null, pool, "PoolReady");
        await CreateEventAsync(cluster, "default", "other.1", "IPPool", "other", null, "uid-other", "Elsewhere");

        var describe = await Kubectl.OutputAsync(cluster, "describe", "ippool", "blue");

        Assert.Matches(@"Cidr:\s+10\.0\.0\.0/24", describe);
        Assert.Matches(@"Events:\s+Type\s+Reason\s+Age\s+From\s+Message", describe);
        Assert.Matches(@"Normal\s+PoolReady\s+\S+\s+multi-operator\s+PoolReady happened", describe);
        Assert.DoesNotContain("Elsewhere", describe, StringComparison.Ordinal);
    }

    /// <remarks>
    /// The kind (<c>networkattachmentdefinition</c>) is no resource name: kubectl resolves kinds only in the core group,
    /// and the real server answers "doesn't have a resource type" too (k8snetworkplumbingwg/multus-cni#295).
    /// </remarks>
    [Theory]
    [InlineData("network-attachment-definitions")]
    [InlineData("network-attachment-definition")]
    [InlineData("net-attach-def")]
    public async Task KubectlDescribe_NetworkAttachmentDefinition_ShowsItsConfig(string resource)
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await TableFixtures.CreateShippedCrdAsync(cluster, "k8s.cni.cncf.io_network-attachment-definitions.yaml");
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(CrdFixtures.Nad("macvlan", """{"type":"macvlan"}"""), CrdFixtures.NadGroup, "v1", "default", CrdFixtures.NadPlural, cancellationToken: ct);

        var describe = await Kubectl.OutputAsync(cluster, "describe", resource, "macvlan");

        Assert.Matches(@"Name:\s+macvlan", describe);
        Assert.Matches(@"Kind:\s+NetworkAttachmentDefinition", describe);
        Assert.Contains("""{"type":"macvlan"}""", describe, StringComparison.Ordinal);
        Assert.Matches(@"Events:\s+<none>", describe);
    }

    private static Task<Corev1Event> CreateEventAsync(TestCluster cluster, string ns, string name, string kind, string objectName, string? objectNamespace, string uid, string reason) =>
        cluster.Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name },
            InvolvedObject = new V1ObjectReference { Kind = kind, Name = objectName, NamespaceProperty = objectNamespace, Uid = uid, ApiVersion = "multi.dev/v1alpha1" },
            Reason = reason,
            Message = reason + " happened",
            Type = "Normal",
            Source = new V1EventSource { Component = "multi-operator" },
        }, ns, cancellationToken: TestCluster.Deadline());
}
