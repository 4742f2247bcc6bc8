using Microsoft.Extensions.Time.Testing;
using Multi.Cni.Kube;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Cni.Tests.Kube;

/// <summary>A kubeconfig whose user has a <c>tokenFile</c>: the client follows the file when it is rewritten (a rotated projected token).</summary>
public sealed class TokenFileRotationTests
{
    private const string Path = "/api/v1/namespaces/default";

    [Fact]
    public void Current_FileRewritten_IsReadAgainOnlyAfterTheInterval()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider();
        File.WriteAllText(dir["token"], "one\n");
        var credential = new TokenFileCredential(new KubeTokenFile(dir["token"], File.GetLastWriteTimeUtc(dir["token"])), "one", clock);

        Rewrite(dir["token"], "two");
        var before = credential.Current();
        clock.Advance(TokenFileCredential.CheckInterval);
        var after = credential.Current();

        Assert.Equal(("one", "two"), (before, after));
    }

    [Fact]
    public async Task Get_TokenFileRewrittenAndIntervalPassed_SendsTheNewToken()
    {
        var server = new TokenGate("one");
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = server.Check });
        var clock = new FakeTimeProvider();
        var kubeconfig = WriteKubeconfig(test, "one");
        using var client = KubeApiClient.Create(kubeconfig, KubeTestServer.FastPolicy, clock);
        var ct = TestContext.Current.CancellationToken;

        await client.GetAsync(Path, ct);
        Rewrite(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(kubeconfig)!, "token"), "two");
        server.Current = "two";
        clock.Advance(TokenFileCredential.CheckInterval);
        await client.GetAsync(Path, ct);

        Assert.Equal(["Bearer one", "Bearer two"], test.Server.Requests.Select(r => r.Authorization));
        Assert.Equal(2, client.RequestCount);
    }

    [Fact]
    public async Task Get_401AfterARewriteWithinTheInterval_ReadsTheFileAndRetriesOnce()
    {
        var server = new TokenGate("one");
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = server.Check });
        var kubeconfig = WriteKubeconfig(test, "one");
        using var client = KubeApiClient.Create(kubeconfig, KubeTestServer.FastPolicy, new FakeTimeProvider());
        var ct = TestContext.Current.CancellationToken;

        await client.GetAsync(Path, ct);
        Rewrite(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(kubeconfig)!, "token"), "two");
        server.Current = "two";
        await client.GetAsync(Path, ct);

        Assert.Equal(["Bearer one", "Bearer one", "Bearer two"], test.Server.Requests.Select(r => r.Authorization));
        Assert.Equal(3, client.RequestCount);
    }

    [Fact]
    public async Task Get_401WithTheFileUnchanged_FailsWithoutARetry()
    {
        var server = new TokenGate("other");
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = server.Check });
        var kubeconfig = WriteKubeconfig(test, "one");
        using var client = KubeApiClient.Create(kubeconfig, KubeTestServer.FastPolicy, new FakeTimeProvider());

        var failure = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(Path, TestContext.Current.CancellationToken));

        Assert.Equal(401, failure.StatusCode);
        Assert.Equal(1, client.RequestCount);
    }

    private static string WriteKubeconfig(KubeTestServer test, string token)
    {
        var path = test.WriteKubeconfig("rotating.kubeconfig", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: k
              cluster:
                server: {test.Address.GetLeftPart(UriPartial.Authority)}
            users:
            - name: u
              user:
                tokenFile: token
            contexts:
            - name: c
              context:
                cluster: k
                user: u
            current-context: c

            """);
        File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "token"), token + "\n");
        return path;
    }

    /// <summary>Writes the file with a modification time clearly later than before (file systems may keep whole seconds).</summary>
    private static void Rewrite(string path, string token)
    {
        var previous = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, token + "\n");
        File.SetLastWriteTimeUtc(path, previous.AddSeconds(10));
    }

    /// <summary>The server's credential check: 401 unless the request carries the current token.</summary>
    private sealed class TokenGate(string current)
    {
        private volatile string current = current;

        public string Current { get => current; set => current = value; }

        public ApiFault? Check(ApiRequestInfo request) =>
            request.Authorization == "Bearer " + current ? null : ApiFault.Status(401, "Unauthorized", "Unauthorized");
    }
}
