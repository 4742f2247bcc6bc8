using k8s;
using k8s.Models;
using Multi.Sandbox.ApiServer;

namespace Multi.Testing;

/// <summary>An embedded API server and a real KubernetesClient built from the kubeconfig it writes.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly bool ownsDirectory;

    private TestCluster(EmbeddedApiServer server, Kubernetes client, string directory, bool ownsDirectory)
    {
        Server = server;
        Client = client;
        Directory = directory;
        this.ownsDirectory = ownsDirectory;
    }

    public EmbeddedApiServer Server { get; }

    public Kubernetes Client { get; }

    public string Directory { get; }

    public static async Task<TestCluster> StartAsync(EmbeddedApiServerOptions? options = null, string? directory = null)
    {
        var ownsDirectory = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "multi-api-test-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new EmbeddedApiServer(options ?? new EmbeddedApiServerOptions());
        await server.StartAsync(TestContext.Current.CancellationToken);
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        return new TestCluster(server, client, directory, ownsDirectory);
    }

    /// <summary>Creates every CustomResourceDefinition of the repository's <c>crds/</c> as shipped.</summary>
    public async Task ApplyShippedCrdsAsync()
    {
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Multi.Sandbox.Host.RepoLayout.Root, "crds"), "*_*.yaml").Order(StringComparer.Ordinal))
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    public static V1Pod Pod(string name, string? nodeName = null, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            Containers = [new V1Container { Name = "app", Image = "busybox" }],
        },
    };

    /// <summary>A token that ends every wait of a test after a few seconds, so no test can hang.</summary>
    public static CancellationToken Deadline(int seconds = 10)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source.Token;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        if (ownsDirectory && System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
    }
}
