namespace Multi.Runtime.Tests;

/// <summary>The node-model kubeconfig reader gives the client the same model its YAML loader would.</summary>
public sealed class KubeconfigFileTests
{
    private const string Full = """
        apiVersion: v1
        kind: Config
        current-context: dev
        preferences: {}
        clusters:
        - name: dev-cluster
          cluster:
            server: https://10.0.0.1:6443
            certificate-authority-data: Q0E=
            insecure-skip-tls-verify: true
            tls-server-name: api.dev
            extensions:
            - name: ignored
              extension: {a: b}
        - name: other
          cluster:
            server: https://other:443
            certificate-authority: ca.crt
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: admin
            namespace: team-a
        users:
        - name: admin
          user:
            token: abc
            client-certificate-data: Q0VSVA==
            client-key: keys/admin.key
            as: someone
            as-groups: [g1, g2]
            username: ~
        - name: exec-user
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /usr/bin/token-helper
              args: [get, --cluster, dev]
              env:
              - name: MODE
                value: fast
              provideClusterInfo: true
        """;

    [Fact]
    public void Parse_FullKubeconfig_MapsClustersContextsAndUsers()
    {
        var model = KubeconfigFile.Parse(Full, "kubeconfig");

        Assert.Equal("dev", model.CurrentContext);
        var clusters = model.Clusters.ToList();
        Assert.Equal(["dev-cluster", "other"], clusters.Select(c => c.Name));
        Assert.Equal("https://10.0.0.1:6443", clusters[0].ClusterEndpoint.Server);
        Assert.Equal("Q0E=", clusters[0].ClusterEndpoint.CertificateAuthorityData);
        Assert.True(clusters[0].ClusterEndpoint.SkipTlsVerify);
        Assert.Equal("api.dev", clusters[0].ClusterEndpoint.TlsServerName);
        Assert.False(clusters[1].ClusterEndpoint.SkipTlsVerify);
        Assert.Equal("ca.crt", clusters[1].ClusterEndpoint.CertificateAuthority);
        var context = Assert.Single(model.Contexts);
        Assert.Equal(("dev-cluster", "admin", "team-a"), (context.ContextDetails.Cluster, context.ContextDetails.User, context.ContextDetails.Namespace));
        var users = model.Users.ToList();
        var admin = users[0].UserCredentials;
        Assert.Equal(("abc", "Q0VSVA==", "keys/admin.key", "someone"), (admin.Token, admin.ClientCertificateData, admin.ClientKey, admin.Impersonate));
        Assert.Equal(["g1", "g2"], admin.ImpersonateGroups);
        Assert.Null(admin.UserName);
        Assert.Null(admin.ExternalExecution);
        var exec = users[1].UserCredentials.ExternalExecution;
        Assert.Equal("/usr/bin/token-helper", exec.Command);
        Assert.Equal(["get", "--cluster", "dev"], exec.Arguments);
        Assert.Equal("fast", Assert.Single(exec.EnvironmentVariables)["value"]);
        Assert.True(exec.ProvideClusterInfo);
    }

    [Fact]
    public void Load_TokenKubeconfig_BuildsTheClientConfigurationOfTheCurrentContext()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("multi-kubeconfig-").FullName, "kubeconfig");
        try
        {
            File.WriteAllText(path, """
                apiVersion: v1
                kind: Config
                current-context: b
                clusters:
                - {name: one, cluster: {server: "https://one:6443", insecure-skip-tls-verify: true}}
                - {name: two, cluster: {server: "https://two:6443", insecure-skip-tls-verify: true}}
                contexts:
                - {name: a, context: {cluster: one, user: u}}
                - {name: b, context: {cluster: two, user: u, namespace: ns-b}}
                users:
                - {name: u, user: {token: abc}}
                """);

            var config = KubeconfigFile.Load(path);

            Assert.Equal("https://two:6443", config.Host.TrimEnd('/'));
            Assert.Equal("abc", config.AccessToken);
            Assert.Equal("ns-b", config.Namespace);
            Assert.True(config.SkipTlsVerify);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Parse_Empty_Throws(string text) =>
        Assert.Contains("is empty", Assert.Throws<InvalidOperationException>(() => KubeconfigFile.Parse(text, "k")).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_NotYaml_ThrowsNamingTheFile() =>
        Assert.Contains("kubeconfig k is not valid YAML", Assert.Throws<InvalidOperationException>(() => KubeconfigFile.Parse("a: [b", "k")).Message, StringComparison.Ordinal);
}
