using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>List paging (<c>limit</c>, <c>continue</c>) and the resourceVersion rules of a list, through the real KubernetesClient.</summary>
public sealed class ApiServerPagingTests
{
    [Fact]
    public async Task ListConfigMaps_2500ObjectsLimit1000_ReturnsEveryObjectOnceAtOneVersion()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline(60);
        await Parallel.ForEachAsync(Enumerable.Range(0, 2500), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i:D4}"), $"ns-{i % 3}", cancellationToken: token));

        var pages = new List<V1ConfigMapList>();
        string? next = null;
        do
        {
            var page = await cluster.Client.CoreV1.ListConfigMapForAllNamespacesAsync(limit: 1000, continueParameter: next, cancellationToken: ct);
            pages.Add(page);
            next = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        Assert.Equal([1000, 1000, 500], pages.Select(p => p.Items.Count));
        Assert.Equal([1500L, 500L, null], pages.Select(p => p.Metadata.RemainingItemCount));
        Assert.Single(pages.Select(p => p.Metadata.ResourceVersion).Distinct());
        var keys = pages.SelectMany(p => p.Items).Select(c => $"{c.Metadata.NamespaceProperty}/{c.Metadata.Name}").ToList();
        Assert.Equal(2500, keys.Distinct().Count());
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("ns-1", null, null)]
    [InlineData(null, "parity=even", null)]
    [InlineData(null, "parity!=even", null)]
    [InlineData("ns-2", "parity in (odd)", "metadata.name!=cm-05")]
    public async Task ListInPagesOfThree_AnyScopeOrSelector_ReturnsWhatOneListReturns(string? ns, string? labels, string? fields)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        for (var i = 0; i < 20; i++)
        {
            var map = ConfigMap($"cm-{i:D2}");
            map.Metadata.Labels = new Dictionary<string, string> { ["parity"] = i % 2 == 0 ? "even" : "odd" };
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(map, $"ns-{i % 3}", cancellationToken: ct);
        }

        var whole = await ListAsync(cluster, ns, labels, fields, limit: null, next: null, ct);
        var paged = new List<V1ConfigMap>();
        string? token = null;
        do
        {
            var page = await ListAsync(cluster, ns, labels, fields, limit: 3, next: token, ct);
            Assert.True(page.Items.Count <= 3);
            paged.AddRange(page.Items);
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.NotEmpty(whole.Items);
        Assert.Equal(whole.Items.Select(Key), paged.Select(Key));
    }

    [Fact]
    public async Task ListPages_ChangesAfterTheFirstPage_AreNotSeenByLaterPages()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var client = cluster.Client;
        foreach (var name in new[] { "a", "b", "c", "d", "e", "f" })
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "default", cancellationToken: ct);

        var first = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, cancellationToken: ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("d", "default", cancellationToken: ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("g"), "default", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"v":"changed"}}""", V1Patch.PatchType.MergePatch), "e", "default", cancellationToken: ct);
        var rest = await client.CoreV1.ListNamespacedConfigMapAsync("default", continueParameter: first.Metadata.ContinueProperty, cancellationToken: ct);
        var now = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: ct);

        Assert.Equal(["a", "b"], first.Items.Select(c => c.Metadata.Name));
        Assert.Equal(["c", "d", "e", "f"], rest.Items.Select(c => c.Metadata.Name));
        Assert.Equal("e", rest.Items.Single(c => c.Data["v"] == "e").Metadata.Name);
        Assert.Equal(first.Metadata.ResourceVersion, rest.Metadata.ResourceVersion);
        Assert.Equal(["a", "b", "c", "e", "f", "g"], now.Items.Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task ListPagesWithASelector_LabelsChangedAfterTheFirstPage_LaterPagesShowTheFirstPagesState()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var client = cluster.Client;
        foreach (var (name, tier) in new[] { ("a", "web"), ("b", "web"), ("c", "web"), ("d", "web"), ("e", "db"), ("f", "web"), ("h", "web") })
        {
            var map = ConfigMap(name);
            map.Metadata.Labels = new Dictionary<string, string> { ["tier"] = tier };
            await client.CoreV1.CreateNamespacedConfigMapAsync(map, "default", cancellationToken: ct);
        }

        var first = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier=web", limit: 2, cancellationToken: ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"tier":"db"}}}""", V1Patch.PatchType.MergePatch), "c", "default", cancellationToken: ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"tier":"web"}}}""", V1Patch.PatchType.MergePatch), "e", "default", cancellationToken: ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("d", "default", cancellationToken: ct);
        var g = ConfigMap("g");
        g.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "web" };
        await client.CoreV1.CreateNamespacedConfigMapAsync(g, "default", cancellationToken: ct);
        var rest = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier=web", continueParameter: first.Metadata.ContinueProperty, cancellationToken: ct);
        var now = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "tier=web", cancellationToken: ct);

        Assert.Equal(["a", "b"], first.Items.Select(c => c.Metadata.Name));
        Assert.Equal(["c", "d", "f", "h"], rest.Items.Select(c => c.Metadata.Name));
        Assert.Equal(["a", "b", "e", "f", "g", "h"], now.Items.Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task ListContinue_TokenOlderThanTheEventLog_Answers410ExpiredWithAFreshToken()
    {
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { EventLogCapacity = 5 });
        var ct = TestCluster.Deadline();
        for (var i = 0; i < 6; i++)
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "default", cancellationToken: ct);
        var first = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, cancellationToken: ct);
        for (var i = 6; i < 12; i++)
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "default", cancellationToken: ct);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", continueParameter: first.Metadata.ContinueProperty, cancellationToken: ct));
        var status = JsonNode.Parse(error.Response.Content)!;
        var inconsistent = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", continueParameter: (string?)status["metadata"]!["continue"], cancellationToken: ct);

        Assert.Equal(HttpStatusCode.Gone, error.Response.StatusCode);
        Assert.Equal("Expired", (string?)status["reason"]);
        Assert.Equal(["cm-10", "cm-11", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6", "cm-7", "cm-8", "cm-9"], inconsistent.Items.Select(c => c.Metadata.Name));
    }

    [Theory]
    [InlineData("continue=bm90IGEgdG9rZW4", 400)]
    [InlineData("resourceVersionMatch=Exact", 400)]
    [InlineData("resourceVersion=0&resourceVersionMatch=Exact", 400)]
    [InlineData("resourceVersion=x", 400)]
    [InlineData("resourceVersion=1&resourceVersionMatch=Newest", 400)]
    [InlineData("resourceVersion=999999", 504)]
    [InlineData("resourceVersion=999999&resourceVersionMatch=Exact", 504)]
    public async Task List_InvalidPagingOrVersion_AnswersTheRealServersStatus(string query, int code)
    {
        await using var cluster = await TestCluster.StartAsync();
        using var http = new HttpClient { BaseAddress = cluster.Server.BaseAddress };

        using var response = await http.GetAsync($"/api/v1/namespaces/default/configmaps?{query}", TestCluster.Deadline());
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestCluster.Deadline()))!;

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Equal("Status", (string?)status["kind"]);
        if (code == 504)
            Assert.Equal("ResourceVersionTooLarge", (string?)status["details"]!["causes"]![0]!["reason"]);
    }

    [Fact]
    public async Task List_ResourceVersionRules_ZeroIsCurrentExactIsThen()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        var a = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: ct);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: ct);
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", cancellationToken: ct);

        var zero = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: "0", cancellationToken: ct);
        var exact = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: a.Metadata.ResourceVersion, resourceVersionMatch: "Exact", cancellationToken: ct);
        var notOlder = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default", resourceVersion: a.Metadata.ResourceVersion, resourceVersionMatch: "NotOlderThan", cancellationToken: ct);

        Assert.Equal(["b"], zero.Items.Select(c => c.Metadata.Name));
        Assert.Equal(["a"], exact.Items.Select(c => c.Metadata.Name));
        Assert.Equal(a.Metadata.ResourceVersion, exact.Metadata.ResourceVersion);
        Assert.Equal(["b"], notOlder.Items.Select(c => c.Metadata.Name));
        Assert.Equal(zero.Metadata.ResourceVersion, notOlder.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task KubectlGet_ChunkSizeSmallerThanTheList_PrintsEveryObject()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        for (var i = 0; i < 7; i++)
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "default", cancellationToken: TestCluster.Deadline());

        var rows = Kubectl.Rows(await Kubectl.OutputAsync(cluster, "get", "configmaps", "--chunk-size=2"));

        Assert.Equal(["NAME", "cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6"], rows.Select(r => r[0]));
        Assert.Equal(4, cluster.Server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/configmaps", StringComparison.Ordinal)));
    }

    private static Task<V1ConfigMapList> ListAsync(TestCluster cluster, string? ns, string? labels, string? fields, int? limit, string? next, CancellationToken ct) =>
        ns is null
            ? cluster.Client.CoreV1.ListConfigMapForAllNamespacesAsync(continueParameter: next, fieldSelector: fields, labelSelector: labels, limit: limit, cancellationToken: ct)
            : cluster.Client.CoreV1.ListNamespacedConfigMapAsync(ns, continueParameter: next, fieldSelector: fields, labelSelector: labels, limit: limit, cancellationToken: ct);

    private static string Key(V1ConfigMap map) => $"{map.Metadata.NamespaceProperty}/{map.Metadata.Name}";

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["v"] = name },
    };
}
