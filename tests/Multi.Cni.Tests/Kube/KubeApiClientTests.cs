using System.Text.Json.Nodes;
using Multi.Cni.Kube;

namespace Multi.Cni.Tests.Kube;

public sealed class KubeApiClientTests
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    [Fact]
    public async Task CreateGetPatchStatus_Pod_RoundTripsThroughTheServer()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();
        var ct = TestContext.Current.CancellationToken;

        var created = await client.CreateAsync(Pods, Pod("web"), ct);
        var read = await client.GetAsync($"{Pods}/web", ct);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["k8s.v1.cni.cncf.io/network-status"] = "[{\"name\":\"net1\"}]" } } };
        var patched = await client.PatchAsync($"{Pods}/web/status", "application/merge-patch+json", patch, ct);
        var after = await client.GetAsync($"{Pods}/web", ct);

        Assert.Equal((string?)created["metadata"]!["uid"], (string?)read["metadata"]!["uid"]);
        Assert.Equal("Pending", (string?)read["status"]!["phase"]);
        Assert.Equal("[{\"name\":\"net1\"}]", (string?)patched["metadata"]!["annotations"]!["k8s.v1.cni.cncf.io/network-status"]);
        Assert.Equal("[{\"name\":\"net1\"}]", (string?)after["metadata"]!["annotations"]!["k8s.v1.cni.cncf.io/network-status"]);
        Assert.Equal(4, client.RequestCount);
        Assert.All(test.Server.Requests, r => Assert.Equal("Bearer sandbox", r.Authorization));
        Assert.Equal("application/merge-patch+json", test.Server.Requests[2].ContentType);
    }

    [Fact]
    public async Task CreateUtf8IfAbsent_AnswersTheServersBytes_AndATakenNameWithoutAnException()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();
        var ct = TestContext.Current.CancellationToken;
        var body = System.Text.Encoding.UTF8.GetBytes(Pod("web").ToJsonString());
        var thrown = 0;
        var mine = new AsyncLocal<bool>(); // only exceptions of this test's flow count (tests run in parallel)
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e) => thrown += mine.Value && e.Exception is KubeApiException ? 1 : 0;

        var created = await client.CreateUtf8IfAbsentAsync(Pods, body, ct);
        var read = await client.GetAsync($"{Pods}/web", ct);
        AppDomain.CurrentDomain.FirstChanceException += Count;
        mine.Value = true;
        KubeCreateAnswer taken;
        try
        {
            taken = await client.CreateUtf8IfAbsentAsync(Pods, body, ct);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        var answer = JsonNode.Parse(created.Created!)!;
        Assert.Equal(("web", 1), ((string?)answer["metadata"]!["name"], created.Attempts));
        Assert.Equal((string?)read["metadata"]!["uid"], (string?)answer["metadata"]!["uid"]);
        Assert.Equal(new KubeCreateAnswer(null, 1), taken);
        Assert.Equal(0, thrown);
        Assert.Equal("application/json", test.Server.Requests[0].ContentType);
    }

    [Fact]
    public async Task CreateUtf8IfAbsent_AFailureOtherThanATakenName_IsThrown()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();
        var ct = TestContext.Current.CancellationToken;

        var invalid = await Assert.ThrowsAsync<KubeApiException>(() => client.CreateUtf8IfAbsentAsync(Pods, "[1]"u8.ToArray(), ct));

        Assert.Equal(400, invalid.StatusCode);
    }

    [Theory]
    [InlineData("application/json-patch+json", """[{"op":"add","path":"/metadata/labels","value":{"a":"1"}}]""")]
    [InlineData("application/strategic-merge-patch+json", """{"metadata":{"labels":{"a":"1"}}}""")]
    [InlineData("application/merge-patch+json", """{"metadata":{"labels":{"a":"1"}}}""")]
    public async Task Patch_EachPatchType_Applies(string contentType, string body)
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();
        var ct = TestContext.Current.CancellationToken;
        await client.CreateAsync(Pods, Pod("web"), ct);

        var patched = await client.PatchAsync($"{Pods}/web", contentType, JsonNode.Parse(body)!, ct);

        Assert.Equal("1", (string?)patched["metadata"]!["labels"]!["a"]);
    }

    [Fact]
    public async Task Delete_WithUidPrecondition_DeletesOnlyTheSameObject()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();
        var ct = TestContext.Current.CancellationToken;
        var first = await client.CreateAsync(Pods, Pod("web"), ct);
        var firstUid = (string)first["metadata"]!["uid"]!;
        await client.DeleteAsync($"{Pods}/web", firstUid, null, ct);
        var second = await client.CreateAsync(Pods, Pod("web"), ct);

        var stale = await Assert.ThrowsAsync<KubeApiException>(() => client.DeleteAsync($"{Pods}/web", firstUid, null, ct));
        var missing = await Assert.ThrowsAsync<KubeApiException>(() => client.DeleteAsync($"{Pods}/gone", null, null, ct));
        var still = await client.GetAsync($"{Pods}/web", ct);
        await client.DeleteAsync($"{Pods}/web", (string)second["metadata"]!["uid"]!, null, ct);

        Assert.True(stale.IsConflict);
        Assert.Contains($"UID in precondition: {firstUid}", stale.Message, StringComparison.Ordinal);
        Assert.True(missing.IsNotFound);
        Assert.Equal((string?)second["metadata"]!["uid"], (string?)still["metadata"]!["uid"]);
        Assert.True((await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync($"{Pods}/web", ct))).IsNotFound);
        Assert.Contains(test.Server.Requests, r => r.Method == "DELETE" && r.ContentType == "application/json");
    }

    [Fact]
    public async Task Get_Missing_NotFoundAndNotRetried()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync($"{Pods}/nope", TestContext.Current.CancellationToken));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NotFound", error.Reason);
        Assert.True(error.IsNotFound);
        Assert.False(error.IsTransient);
        Assert.Equal($"GET {Pods}/nope: 404 NotFound: pods \"nope\" not found", error.Message);
        Assert.Equal(("GET", $"{Pods}/nope", "pods \"nope\" not found"), (error.Method, error.Path, error.ApiMessage));
        Assert.Equal(1, client.RequestCount);
        Assert.Equal(1, test.Server.RequestCount);
    }

    [Fact]
    public async Task Create_Existing_AlreadyExists()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();
        var ct = TestContext.Current.CancellationToken;
        await client.CreateAsync(Pods, Pod("web"), ct);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.CreateAsync(Pods, Pod("web"), ct));

        Assert.Equal((409, "AlreadyExists"), (error.StatusCode, error.Reason));
        Assert.True(error.IsAlreadyExists);
        Assert.False(error.IsConflict);
        Assert.Equal(2, client.RequestCount);
    }

    [Fact]
    public async Task PatchStatus_OtherUid_ConflictNamingBothUids()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();
        var ct = TestContext.Current.CancellationToken;
        var uid = (string?)(await client.CreateAsync(Pods, Pod("web"), ct))["metadata"]!["uid"];

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["uid"] = "old-uid", ["annotations"] = new JsonObject { ["a"] = "b" } } };
        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.PatchAsync($"{Pods}/web/status", "application/merge-patch+json", patch, ct));

        Assert.Equal((409, "Conflict"), (error.StatusCode, error.Reason));
        Assert.True(error.IsConflict);
        Assert.Equal($"Operation cannot be fulfilled on pods \"web\": Precondition failed: UID in precondition: old-uid, UID in object meta: {uid}", error.ApiMessage);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Get_NonStatusErrorBody_UsesTheBodyAsMessage()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync("/nothing/here", TestContext.Current.CancellationToken));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NotFound", error.Reason);
    }

    [Fact]
    public async Task Get_PathWithoutSlash_Refused()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync("api/v1", TestContext.Current.CancellationToken));
        Assert.Equal(0, client.RequestCount);
    }

    [Fact]
    public async Task Get_Always_SendsMultiUserAgent()
    {
        await using var test = await KubeTestServer.StartAsync();
        using var client = test.Client();

        await client.GetAsync("/api/v1/namespaces/default", TestContext.Current.CancellationToken);

        Assert.Matches(@"^multi/\d+\.\d+\.\d+$", test.Server.Requests[0].UserAgent);
    }

    internal static JsonObject Pod(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "busybox" }) },
    };
}
