using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>The meta.k8s.io Table format a read gets when its Accept asks for it, as kubectl's <c>get</c> does.</summary>
public sealed class ApiServerTableTests
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private const string PoolsPath = "/apis/multi.dev/v1alpha1/ippools";

    [Fact]
    public async Task ListCustomResources_TableAccept_AnswersPrinterColumnsAndPartialMetadata()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { TimeProvider = time });
        await TableFixtures.CreateShippedPoolAsync(cluster, "blue", "10.0.0.0/24", allocated: 1);
        time.Advance(TimeSpan.FromMinutes(5));

        var table = await GetAsync(cluster, PoolsPath, TableAccept);

        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)table["apiVersion"]);
        Assert.False(string.IsNullOrEmpty((string?)table["metadata"]!["resourceVersion"]));
        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "CIDR", "Capacity", "Allocated", "Free", "Ready", "Exhausted", "Age"], columns.Select(c => (string)c!["name"]!));
        Assert.Equal(["string", "string", "string", "integer", "string", "string", "string", "date"], columns.Select(c => (string)c!["type"]!));
        Assert.Equal("name", (string?)columns[0]!["format"]);
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal("""["blue","10.0.0.0/24","253",1,"252","True","False","5m"]""", row["cells"]!.ToJsonString());
        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
        Assert.Equal("blue", (string?)row["object"]!["metadata"]!["name"]);
        Assert.Null(row["object"]!["spec"]);
    }

    [Fact]
    public async Task GetOneObject_TableAcceptWithIncludeObject_RowCarriesTheWholeObject()
    {
        await using var cluster = await TestCluster.StartAsync();
        await TableFixtures.CreateShippedPoolAsync(cluster, "blue", "10.0.0.0/24", allocated: 1);

        var table = await GetAsync(cluster, PoolsPath + "/blue?includeObject=Object", TableAccept);

        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal("IPPool", (string?)row["object"]!["kind"]);
        Assert.Equal("10.0.0.0/24", (string?)row["object"]!["spec"]!["cidr"]);
    }

    [Theory]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json", "Table", "meta.k8s.io/v1beta1")]
    [InlineData("application/json", "IPPoolList", "multi.dev/v1alpha1")]
    [InlineData("application/json, application/json;as=Table;v=v1;g=meta.k8s.io", "IPPoolList", "multi.dev/v1alpha1")]
    public async Task ListCustomResources_AcceptHeader_ChoosesTheFirstAcceptableFormat(string accept, string kind, string apiVersion)
    {
        await using var cluster = await TestCluster.StartAsync();
        await TableFixtures.CreateShippedPoolAsync(cluster, "blue", "10.0.0.0/24", allocated: 1);

        var answer = await GetAsync(cluster, PoolsPath, accept);

        Assert.Equal(kind, (string?)answer["kind"]);
        Assert.Equal(apiVersion, (string?)answer["apiVersion"]);
    }

    [Fact]
    public async Task ListCustomResources_FilterColumnAndPriority_EvaluatesJsonPathAndKeepsPriority()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TableFixtures.WidgetCrd(), cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(TableFixtures.Widget("w1", ready: "True"), "example.com", "v1", "default", "widgets", cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(TableFixtures.Widget("w2", ready: null), "example.com", "v1", "default", "widgets", cancellationToken: ct);

        var table = await GetAsync(cluster, "/apis/example.com/v1/namespaces/default/widgets", TableAccept);

        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "Ready", "Size", "First Port"], columns.Select(c => (string)c!["name"]!));
        Assert.Equal([0, 0, 1, 0], columns.Select(c => (int)c!["priority"]!));
        var rows = table["rows"]!.AsArray();
        Assert.Equal("""["w1","True",3,8080]""", rows[0]!["cells"]!.ToJsonString());
        Assert.Equal("""["w2",null,3,8080]""", rows[1]!["cells"]!.ToJsonString());
    }

    [Fact]
    public async Task ListCustomResources_NoPrinterColumns_AnswersNameAndAge()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdFixtures.NetworkAttachmentDefinition(), cancellationToken: ct);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(CrdFixtures.Nad("macvlan", "{}"), CrdFixtures.NadGroup, "v1", "default", CrdFixtures.NadPlural, cancellationToken: ct);

        var table = await GetAsync(cluster, $"/apis/{CrdFixtures.NadGroup}/v1/namespaces/default/{CrdFixtures.NadPlural}", TableAccept);

        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal("macvlan", (string?)table["rows"]![0]!["cells"]![0]);
    }

    [Fact]
    public async Task Watch_TableAccept_SendsEachObjectAsATableRow()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "settings" }, Data = new Dictionary<string, string> { ["a"] = "b" } }, "default", cancellationToken: ct);
        using var http = new HttpClient { BaseAddress = cluster.Server.BaseAddress };
        using var request = Request("/api/v1/namespaces/default/configmaps?watch=true", TableAccept);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var first = JsonNode.Parse((await reader.ReadLineAsync(ct))!)!;

        Assert.Equal("ADDED", (string?)first["type"]);
        Assert.Equal("Table", (string?)first["object"]!["kind"]);
        Assert.StartsWith("""["settings",1,""", first["object"]!["rows"]![0]!["cells"]!.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<JsonObject> GetAsync(TestCluster cluster, string path, string accept)
    {
        using var http = new HttpClient { BaseAddress = cluster.Server.BaseAddress };
        using var request = Request(path, accept);
        using var response = await http.SendAsync(request, TestCluster.Deadline());
        var body = await response.Content.ReadAsStringAsync(TestCluster.Deadline());
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static HttpRequestMessage Request(string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var mediaType in accept.Split(','))
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(mediaType.Trim()));
        return request;
    }
}
