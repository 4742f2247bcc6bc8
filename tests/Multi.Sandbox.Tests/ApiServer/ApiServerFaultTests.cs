using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Autorest;
using Multi.Sandbox.ApiServer;

using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

public sealed class ApiServerFaultTests
{
    [Fact]
    public async Task Faults_StatusForFirstRequest_AnswersStatusThenServes()
    {
        var options = new EmbeddedApiServerOptions
        {
            Faults = r => r.Sequence == 1 ? ApiFault.Status(503, "ServiceUnavailable", "try later") with { RetryAfterSeconds = 1 } : null,
        };
        await using var cluster = await TestCluster.StartAsync(options);
        var ct = TestCluster.Deadline();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ReadNamespaceAsync("default", cancellationToken: ct));
        var ns = await cluster.Client.CoreV1.ReadNamespaceAsync("default", cancellationToken: ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"ServiceUnavailable\"", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"try later\"", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("default", ns.Metadata.Name);
    }

    [Fact]
    public async Task Faults_Dropped_ClientSeesTransportFailure()
    {
        var options = new EmbeddedApiServerOptions { Faults = r => r.Method == "POST" ? ApiFault.Dropped() : null };
        await using var cluster = await TestCluster.StartAsync(options);
        var ct = TestCluster.Deadline();

        await Assert.ThrowsAsync<HttpRequestException>(() => cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct));
        var pods = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct);

        Assert.Empty(pods.Items);
    }

    [Fact]
    public async Task Faults_Delayed_ServesAfterTheDelay()
    {
        var options = new EmbeddedApiServerOptions { Faults = r => r.Path.EndsWith("/default", StringComparison.Ordinal) ? ApiFault.Delayed(TimeSpan.FromMilliseconds(300)) : null };
        await using var cluster = await TestCluster.StartAsync(options);
        var ct = TestCluster.Deadline();

        var started = TimeProvider.System.GetTimestamp();
        var ns = await cluster.Client.CoreV1.ReadNamespaceAsync("default", cancellationToken: ct);

        Assert.Equal("default", ns.Metadata.Name);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Requests_AfterCalls_ListsMethodPathAndCredentialsInOrder()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ct = TestCluster.Deadline();

        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("web"), "default", cancellationToken: ct);
        await cluster.Client.CoreV1.ReadNamespacedPodAsync("web", "default", cancellationToken: ct);

        var requests = cluster.Server.Requests;
        Assert.Equal(2, cluster.Server.RequestCount);
        Assert.Equal([1L, 2L], requests.Select(r => r.Sequence));
        Assert.Equal(["POST /api/v1/namespaces/default/pods", "GET /api/v1/namespaces/default/pods/web"], requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.StartsWith("application/json", requests[0].ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer sandbox", requests[1].Authorization);
    }

    [Fact]
    public async Task Requests_BeyondCapacity_KeepsLatestAndCountsAll()
    {
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { RequestLogCapacity = 2 });
        var ct = TestCluster.Deadline();

        for (var i = 0; i < 3; i++)
            await cluster.Client.CoreV1.ReadNamespaceAsync("default", cancellationToken: ct);

        Assert.Equal(3, cluster.Server.RequestCount);
        Assert.Equal([2L, 3L], cluster.Server.Requests.Select(r => r.Sequence));
    }

    [Fact]
    public async Task TlsCertificate_KubeconfigTrustsIt_ClientConnectsOverHttps()
    {
        using var certificate = SelfSigned();
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { TlsCertificate = certificate });
        var ct = TestCluster.Deadline();

        var ns = await cluster.Client.CoreV1.ReadNamespaceAsync("default", cancellationToken: ct);

        Assert.Equal("https", cluster.Server.BaseAddress!.Scheme);
        Assert.Equal("default", ns.Metadata.Name);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=multi-test-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
