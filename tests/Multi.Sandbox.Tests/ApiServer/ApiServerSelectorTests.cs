using k8s;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerSelectorTests
{
    [Theory]
    [InlineData("tier=web", "a,b")]
    [InlineData("tier==web,env=prod", "a")]
    [InlineData("tier!=web", "c,d")]
    [InlineData("env in (prod, dev)", "a,b,c")]
    [InlineData("env notin (prod)", "b,c,d")]
    [InlineData("env", "a,b,c")]
    [InlineData("!env", "d")]
    [InlineData("tier=web,env in (dev)", "b")]
    public async Task ListPods_LabelSelector_ReturnsMatchingPods(string selector, string expected)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await CreateAsync(cluster, "a", node: "n1", ("tier", "web"), ("env", "prod"));
        await CreateAsync(cluster, "b", node: "n2", ("tier", "web"), ("env", "dev"));
        await CreateAsync(cluster, "c", node: "n1", ("tier", "db"), ("env", "dev"));
        await CreateAsync(cluster, "d", node: null, ("tier", "db"));

        var list = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: selector, cancellationToken: ct);

        Assert.Equal(expected, string.Join(',', list.Items.Select(p => p.Metadata.Name)));
    }

    [Theory]
    [InlineData("spec.nodeName=n1", "a,c")]
    [InlineData("spec.nodeName==n2", "b")]
    [InlineData("spec.nodeName!=n1", "b,d")]
    [InlineData("spec.nodeName=", "d")]
    [InlineData("metadata.name=c", "c")]
    [InlineData("metadata.namespace=default,metadata.name!=a", "b,c,d")]
    public async Task ListPods_FieldSelector_ReturnsMatchingPods(string selector, string expected)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await CreateAsync(cluster, "a", node: "n1");
        await CreateAsync(cluster, "b", node: "n2");
        await CreateAsync(cluster, "c", node: "n1");
        await CreateAsync(cluster, "d", node: null);

        var list = await cluster.Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: ct);

        Assert.Equal(expected, string.Join(',', list.Items.Select(p => p.Metadata.Name)));
    }

    [Fact]
    public async Task WatchPods_FieldSelectorOnNodeName_SeesOnlyThatNodesPods()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var start = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct)).Metadata.ResourceVersion;
        await CreateAsync(cluster, "a", node: "n1");
        await CreateAsync(cluster, "b", node: "n2");
        await CreateAsync(cluster, "c", node: "n1");

        var seen = new List<string>();
        await foreach (var (type, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync(
                           "default", fieldSelector: "spec.nodeName=n1", resourceVersion: start, cancellationToken: ct))
        {
            seen.Add($"{type} {pod.Metadata.Name}");
            if (seen.Count == 2)
                break;
        }

        Assert.Equal(["Added a", "Added c"], seen);
    }

    private static Task CreateAsync(TestCluster cluster, string name, string? node, params (string Key, string Value)[] labels) =>
        cluster.Client.CoreV1.CreateNamespacedPodAsync(
            TestCluster.Pod(name, node, labels.ToDictionary(l => l.Key, l => l.Value)),
            "default",
            cancellationToken: TestCluster.Deadline());

    [Theory]
    [InlineData("metadata.name=w1", "default/w1,other/w1")]
    [InlineData("metadata.namespace=other", "other/w1")]
    [InlineData("metadata.namespace!=other,metadata.name!=w1", "default/w2")]
    public async Task ListCustomObjects_MetadataFieldSelector_ReturnsMatchingObjects(string selector, string expected)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TableFixtures.WidgetCrd(), cancellationToken: ct);
        foreach (var (ns, name) in new[] { ("default", "w1"), ("default", "w2"), ("other", "w1") })
            await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(TableFixtures.Widget(name, ready: null), "example.com", "v1", ns, "widgets", cancellationToken: ct);

        var list = CrdFixtures.Json(await cluster.Client.CustomObjects.ListClusterCustomObjectAsync("example.com", "v1", "widgets", fieldSelector: selector, cancellationToken: ct));

        Assert.Equal(expected, string.Join(',', list["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}")));
    }
}
