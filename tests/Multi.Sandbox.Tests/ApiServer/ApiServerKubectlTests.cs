using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>kubectl through the kubeconfig the server writes, when kubectl is installed.</summary>
public sealed class ApiServerKubectlTests
{
    [Fact]
    public async Task Kubectl_ApplyGetLabelDelete_WorksThroughKubeconfig()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        var manifest = Path.Combine(cluster.Directory, "cm.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n", TestContext.Current.CancellationToken);

        var apply = await KubectlAsync(cluster, "apply", "--validate=false", "-f", manifest);
        var label = await KubectlAsync(cluster, "label", "configmap", "settings", "tier=web");
        var get = await KubectlAsync(cluster, "get", "configmaps", "-l", "tier=web", "-o", "jsonpath={.items[*].data.a}");
        var namespaces = await KubectlAsync(cluster, "get", "ns", "-o", "name");
        var delete = await KubectlAsync(cluster, "delete", "configmap", "settings");

        Assert.Contains("configmap/settings created", apply.Stdout, StringComparison.Ordinal);
        Assert.True(label.Succeeded, label.Stderr);
        Assert.Equal("b", get.Stdout.Trim());
        Assert.Equal(["namespace/default", "namespace/kube-system"], namespaces.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(delete.Succeeded, delete.Stderr);
    }

    [Fact]
    public async Task KubectlCreate_DefaultValidation_FindsFieldValidationInOpenApiV3()
    {
        Assert.True(Kubectl.Path is not null, Kubectl.Missing);
        await using var cluster = await TestCluster.StartAsync();
        var manifest = Path.Combine(cluster.Directory, "cm.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n", TestContext.Current.CancellationToken);

        var create = await KubectlAsync(cluster, "create", "-f", manifest);

        Assert.True(create.Succeeded, create.Stderr);
        Assert.Contains(cluster.Server.Requests, r => r.Path == "/openapi/v3/api/v1");
        Assert.Contains(cluster.Server.Requests, r => r.Method == "POST" && r.Query.Contains("fieldValidation=Strict", StringComparison.Ordinal));
    }

    private static Task<CommandResult> KubectlAsync(TestCluster cluster, params string[] args) => Kubectl.RunAsync(cluster, args);
}
