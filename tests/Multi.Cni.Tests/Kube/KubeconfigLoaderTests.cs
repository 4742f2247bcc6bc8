using Multi.Cni.Kube;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Cni.Tests.Kube;

public sealed class KubeconfigLoaderTests
{
    private static readonly string CaPem = TestCertificates.CertificatePem(TestCertificates.Server());
    private static readonly X509Pair ClientPair = X509Pair.Create();

    public static TheoryData<string, string> Errors => new()
    {
        { "", "the file is empty" },
        { "- a\n- b", "the document is not a mapping" },
        { "a: [", "not valid YAML or JSON: line 1: flow collections must close" },
        { "{\"a\": }", "not valid YAML or JSON" },
        { Config(current: ""), "no current-context is set" },
        { Config(current: "other"), "context \"other\" (the current-context) not found" },
        { Config(cluster: "", clusterName: "elsewhere"), "cluster \"elsewhere\" (of context \"c\") not found" },
        { Config(userName: "ghost"), "user \"ghost\" (of context \"c\") not found" },
        { Config(cluster: "insecure-skip-tls-verify: true"), "cluster \"k\" has no server" },
        { Config(cluster: "server: ftp://host"), "cluster \"k\": server \"ftp://host\" is not an http or https URL" },
        { Config(cluster: "server: https://h\n    proxy-url: http://proxy"), "cluster \"k\": \"proxy-url\" is not supported" },
        { Config(cluster: "server: https://h\n    insecure-skip-tls-verify: maybe"), "cluster \"k\": \"insecure-skip-tls-verify\" must be true or false" },
        { Config(cluster: "server: https://h\n    certificate-authority-data: not*base64"), "cluster \"k\": certificate-authority-data is not valid base64" },
        { Config(cluster: $"server: https://h\n    certificate-authority-data: {TestCertificates.Base64("hello")}"), "cluster \"k\": the certificate authority holds no PEM certificate" },
        { Config(cluster: $"server: https://h\n    certificate-authority-data: {TestCertificates.Base64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")}"), "cluster \"k\": the certificate authority is not valid PEM" },
        { Config(cluster: "server: https://h\n    certificate-authority: missing/ca.crt"), "cluster \"k\": certificate-authority {dir}/missing/ca.crt cannot be read: file not found" },
        { Config(user: "exec:\n      command: aws\n      args:\n      - eks"), "user \"u\": \"exec\" is not supported" },
        { Config(user: "auth-provider:\n      name: gcp"), "user \"u\": \"auth-provider\" is not supported" },
        { Config(user: "as: admin"), "user \"u\": \"as\" is not supported" },
        { Config(user: "tokenFile: nope"), "user \"u\": tokenFile {dir}/nope cannot be read: file not found" },
        { Config(user: $"client-certificate-data: {TestCertificates.Base64(ClientPair.Certificate)}"), "user \"u\": a client certificate needs both a certificate and a key" },
        { Config(user: $"client-certificate-data: {TestCertificates.Base64(ClientPair.Certificate)}\n    client-key-data: {TestCertificates.Base64("junk")}"), "user \"u\": the client certificate and key are not a valid PEM pair" },
        { Config(user: $"client-certificate-data: {TestCertificates.Base64(ClientPair.Certificate)}\n    client-key-data: {TestCertificates.Base64(X509Pair.Create().Key)}"), "user \"u\": the client certificate and key are not a valid PEM pair" },
        { Config(user: "client-key-data: a2V5\n    client-certificate-data: '%%'"), "user \"u\": client-certificate-data is not valid base64" },
        { Config(user: "token: [a]"), "user \"u\": \"token\" must be a string" },
    };

    [Fact]
    public async Task Load_EmbeddedServerKubeconfig_ServerTokenAndNamespace()
    {
        using var dir = new TempDir();
        await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions());
        var address = await server.StartAsync(TestContext.Current.CancellationToken);
        server.WriteKubeconfig(dir["kubeconfig"]);

        var config = KubeconfigLoader.Load(dir["kubeconfig"]);

        Assert.Equal(address.GetLeftPart(UriPartial.Authority), config.Server.GetLeftPart(UriPartial.Authority));
        Assert.Equal("multi", config.Context);
        Assert.Equal("default", config.Namespace);
        Assert.Equal("sandbox", config.BearerToken);
        Assert.Null(config.CertificateAuthorities);
        Assert.Null(config.ClientCertificate);
    }

    [Fact]
    public void Load_InlineData_LoadsAuthorityAndClientCertificate()
    {
        using var dir = new TempDir();
        var yaml = Config(
            cluster: $"certificate-authority-data: {TestCertificates.Base64(CaPem)}\n    server: https://127.0.0.1:6443\n    tls-server-name: apiserver.multi.test",
            user: $"client-certificate-data: {TestCertificates.Base64(ClientPair.Certificate)}\n    client-key-data: {TestCertificates.Base64(ClientPair.Key)}");
        File.WriteAllText(dir["config"], yaml);

        var config = KubeconfigLoader.Load(dir["config"]);

        Assert.Single(config.CertificateAuthorities!);
        Assert.Equal("apiserver.multi.test", config.TlsServerName);
        Assert.True(config.ClientCertificate!.HasPrivateKey);
        Assert.Equal("CN=multi-test-client", config.ClientCertificate.Subject);
        Assert.False(config.InsecureSkipTlsVerify);
    }

    [Fact]
    public void Load_RelativeFiles_ResolveAgainstTheKubeconfigDirectory()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["etc/pki"]);
        File.WriteAllText(dir["etc/pki/ca.crt"], CaPem);
        File.WriteAllText(dir["etc/pki/client.crt"], ClientPair.Certificate);
        File.WriteAllText(dir["etc/pki/client.key"], ClientPair.Key);
        File.WriteAllText(dir["etc/token"], "file-token\n");
        File.WriteAllText(dir["etc/kubeconfig"], Config(
            cluster: "server: https://h:6443\n    certificate-authority: pki/ca.crt",
            user: "client-certificate: pki/client.crt\n    client-key: ./pki/client.key\n    tokenFile: token"));

        var config = KubeconfigLoader.Load(dir["etc/kubeconfig"]);

        Assert.Single(config.CertificateAuthorities!);
        Assert.True(config.ClientCertificate!.HasPrivateKey);
        Assert.Equal("file-token", config.BearerToken);
    }

    [Fact]
    public void Load_Json_SameAsYaml()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config.json"], """
            {"apiVersion":"v1","kind":"Config","current-context":"c",
             "clusters":[{"name":"k","cluster":{"server":"http://127.0.0.1:8080","insecure-skip-tls-verify":true}}],
             "users":[{"name":"u","user":{"username":"admin","password":"secret"}}],
             "contexts":[{"name":"c","context":{"cluster":"k","user":"u","namespace":"kube-system"}}]}
            """);

        var config = KubeconfigLoader.Load(dir["config.json"]);

        Assert.Equal(new Uri("http://127.0.0.1:8080"), config.Server);
        Assert.True(config.InsecureSkipTlsVerify);
        Assert.Equal(("admin", "secret"), (config.Username, config.Password));
        Assert.Equal("kube-system", config.Namespace);
        Assert.DoesNotContain("secret", config.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server: 10.0.0.1:6443", "https://10.0.0.1:6443/")]
    [InlineData("server: \"https://h:6443\"", "https://h:6443/")]
    [InlineData("server: https://rancher/k8s/clusters/c-1", "https://rancher/k8s/clusters/c-1")]
    public void Load_ServerForms_GiveTheUrl(string cluster, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config"], Config(cluster: cluster));

        Assert.Equal(expected, KubeconfigLoader.Load(dir["config"]).Server.AbsoluteUri);
    }

    [Fact]
    public void Load_DataAndFile_DataWinsAndFileIsNotRead()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config"], Config(cluster: $"server: https://h\n    certificate-authority: missing.crt\n    certificate-authority-data: {TestCertificates.Base64(CaPem)}", user: "token: t\n    tokenFile: missing"));

        var config = KubeconfigLoader.Load(dir["config"]);

        Assert.Single(config.CertificateAuthorities!);
        Assert.Equal("t", config.BearerToken);
    }

    [Fact]
    public void Load_SeveralContextsNoUser_UsesCurrentWithoutCredentials()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config"], """
            apiVersion: v1
            clusters:
            - name: a
              cluster: {server: "https://a:6443"}
            - name: b
              cluster:
                server: https://b:6443
            contexts:
            - name: first
              context: {cluster: a, user: nobody}
            - name: second
              context:
                cluster: b
            current-context: second
            users: []
            """);

        var config = KubeconfigLoader.Load(dir["config"]);

        Assert.Equal("b", config.Server.Host);
        Assert.Equal("second", config.Context);
        Assert.Null(config.BearerToken);
        Assert.Null(config.Username);
        Assert.Null(config.Namespace);
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        using var dir = new TempDir();

        var error = Assert.Throws<KubeconfigException>(() => KubeconfigLoader.Load(dir["absent"]));

        Assert.Equal($"kubeconfig {dir["absent"]}: file not found", error.Message);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Load_Invalid_ThrowsNamingFileAndProblem(string yaml, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["config"], yaml);

        var error = Assert.Throws<KubeconfigException>(() => KubeconfigLoader.Load(dir["config"]));

        Assert.StartsWith($"kubeconfig {dir["config"]}: {expected.Replace("{dir}", dir.Path, StringComparison.Ordinal)}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A kubeconfig with one cluster "k", one user "u" and one context "c" (bodies indented for their slot).</summary>
    private static string Config(string cluster = "server: https://h", string user = "token: t", string current = "c", string clusterName = "k", string userName = "u") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: k
          cluster:
            {cluster}
        users:
        - name: u
          user:
            {user}
        contexts:
        - name: c
          context:
            cluster: {clusterName}
            user: {userName}
        current-context: "{current}"
        """;

    private sealed record X509Pair(string Certificate, string Key)
    {
        public static X509Pair Create()
        {
            using var certificate = TestCertificates.Client();
            return new X509Pair(TestCertificates.CertificatePem(certificate), TestCertificates.KeyPem(certificate));
        }
    }
}
