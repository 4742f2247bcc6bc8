using System.Security.Cryptography.X509Certificates;
using Multi.Cni.Kube;
using Multi.Sandbox.ApiServer;

namespace Multi.Cni.Tests.Kube;

/// <summary>The client against the embedded server on HTTPS with a certificate made in the test.</summary>
public sealed class KubeApiClientTlsTests
{
    private const string Namespace = "/api/v1/namespaces/default";

    [Fact]
    public async Task Get_CertificateAuthorityData_TrustsTheServer()
    {
        using var certificate = TestCertificates.Server();
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { TlsCertificate = certificate });
        using var client = test.Client();

        var ns = await client.GetAsync(Namespace, TestContext.Current.CancellationToken);

        Assert.Equal("https", test.Address.Scheme);
        Assert.Equal("default", (string?)ns["metadata"]!["name"]);
    }

    [Fact]
    public async Task Get_UntrustedServer_PermanentTlsFailure()
    {
        using var certificate = TestCertificates.Server();
        using var other = TestCertificates.Server();
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { TlsCertificate = certificate });
        var path = test.WriteKubeconfig("untrusted", Config(test.Address, $"certificate-authority-data: {TestCertificates.Base64(TestCertificates.CertificatePem(other))}"));
        using var client = KubeApiClient.Create(path, KubeTestServer.FastPolicy, TimeProvider.System);

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(Namespace, TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Null(error.StatusCode);
        Assert.Contains("TLS handshake failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.RequestCount);
    }

    [Fact]
    public async Task Get_InsecureSkipTlsVerify_AcceptsAnyCertificate()
    {
        using var certificate = TestCertificates.Server();
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { TlsCertificate = certificate });
        var path = test.WriteKubeconfig("insecure", Config(test.Address, "insecure-skip-tls-verify: true"));
        using var client = KubeApiClient.Create(path, KubeTestServer.FastPolicy, TimeProvider.System);

        var ns = await client.GetAsync(Namespace, TestContext.Current.CancellationToken);

        Assert.Equal("default", (string?)ns["metadata"]!["name"]);
    }

    [Theory]
    [InlineData("apiserver.multi.test", true)]
    [InlineData("wrong.multi.test", false)]
    public async Task Get_TlsServerName_IsTheNameChecked(string serverName, bool succeeds)
    {
        using var certificate = TestCertificates.Server("apiserver.multi.test");
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { TlsCertificate = certificate });
        var ca = TestCertificates.Base64(TestCertificates.CertificatePem(certificate));
        var path = test.WriteKubeconfig("named", Config(test.Address, $"certificate-authority-data: {ca}\n    tls-server-name: {serverName}"));
        using var client = KubeApiClient.Create(path, KubeTestServer.FastPolicy, TimeProvider.System);

        var call = client.GetAsync(Namespace, TestContext.Current.CancellationToken);

        if (succeeds)
        {
            await call;
        }
        else
        {
            Assert.Contains("TLS handshake failed", (await Assert.ThrowsAsync<KubeApiException>(() => call)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_ClientCertificate_IsPresented()
    {
        using var certificate = TestCertificates.Server();
        using var clientCertificate = TestCertificates.Client("system:node:worker-1");
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { TlsCertificate = certificate });
        var ca = TestCertificates.Base64(TestCertificates.CertificatePem(certificate));
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(test.Kubeconfig)!, "client.key"), TestCertificates.KeyPem(clientCertificate));
        var path = test.WriteKubeconfig("mtls", Config(
            test.Address,
            $"certificate-authority-data: {ca}",
            $"client-certificate-data: {TestCertificates.Base64(TestCertificates.CertificatePem(clientCertificate))}\n    client-key: client.key"));
        using var client = KubeApiClient.Create(path, KubeTestServer.FastPolicy, TimeProvider.System);

        await client.GetAsync(Namespace, TestContext.Current.CancellationToken);

        var request = Assert.Single(test.Server.Requests);
        Assert.Equal("CN=system:node:worker-1", request.ClientCertificateSubject);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task Get_BasicAuth_SendsBasicHeader()
    {
        await using var test = await KubeTestServer.StartAsync();
        var path = test.WriteKubeconfig("basic", Config(test.Address, "", "username: admin\n    password: s3cret"));
        using var client = KubeApiClient.Create(path, KubeTestServer.FastPolicy, TimeProvider.System);

        await client.GetAsync(Namespace, TestContext.Current.CancellationToken);

        Assert.Equal("Basic " + Convert.ToBase64String("admin:s3cret"u8.ToArray()), test.Server.Requests[0].Authorization);
    }

    [Fact]
    public void SslOptions_CertificateAuthorities_CustomRootTrustWithOnlyThoseRoots()
    {
        using var ca = TestCertificates.Server();
        var config = new Kubeconfig("/k", "c", new Uri("https://10.0.0.1:6443")) { CertificateAuthorities = [ca] };

        var options = KubeTransport.SslOptions(config);

        Assert.Equal(X509ChainTrustMode.CustomRootTrust, options.CertificateChainPolicy!.TrustMode);
        Assert.Equal(ca.Thumbprint, Assert.Single(options.CertificateChainPolicy.CustomTrustStore).Thumbprint);
        Assert.Null(options.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void SslOptions_NoAuthorities_SystemTrust()
    {
        var options = KubeTransport.SslOptions(new Kubeconfig("/k", "c", new Uri("https://api.example:6443")));

        Assert.Null(options.CertificateChainPolicy);
        Assert.Null(options.RemoteCertificateValidationCallback);
        Assert.Null(options.ClientCertificates);
    }

    private static string Config(Uri server, string cluster, string user = "token: t") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: k
          cluster:
            server: {server.GetLeftPart(UriPartial.Authority)}
            {cluster}
        users:
        - name: u
          user:
            {user}
        contexts:
        - name: c
          context:
            cluster: k
            user: u
        current-context: c
        """;
}
