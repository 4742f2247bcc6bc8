using Multi.Testing;

namespace Multi.Runtime.Tests;

public sealed class KubeClientFactoryTests
{
    [Fact]
    public async Task FromEnvironment_KubeconfigListSet_UsesTheFirstPath()
    {
        await using var cluster = await TestCluster.StartAsync();
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        try
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", Path.Combine(cluster.Directory, "kubeconfig") + ":/nonexistent/second");
            using var client = (k8s.Kubernetes)KubeClientFactory.FromEnvironment();

            Assert.Equal(cluster.Client.BaseUri, client.BaseUri);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
        }
    }
}
