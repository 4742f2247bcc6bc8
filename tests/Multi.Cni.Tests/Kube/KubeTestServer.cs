using Multi.Cni.Kube;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Cni.Tests.Kube;

/// <summary>The embedded API server on a loopback port and the kubeconfig it writes, deleted with the test.</summary>
internal sealed class KubeTestServer : IAsyncDisposable
{
    private readonly TempDir directory = new();

    private KubeTestServer(EmbeddedApiServer server, Uri address)
    {
        Server = server;
        Address = address;
        server.WriteKubeconfig(Kubeconfig);
    }

    public EmbeddedApiServer Server { get; }

    public Uri Address { get; }

    public string Kubeconfig => directory["kubeconfig"];

    /// <summary>Small bounds so that failing calls end quickly in real time.</summary>
    public static KubeRetryPolicy FastPolicy { get; } = new()
    {
        RetryInterval = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<KubeTestServer> StartAsync(EmbeddedApiServerOptions? options = null)
    {
        var server = new EmbeddedApiServer(options ?? new EmbeddedApiServerOptions());
        var address = await server.StartAsync(TestContext.Current.CancellationToken);
        return new KubeTestServer(server, address);
    }

    public KubeApiClient Client(KubeRetryPolicy? policy = null, TimeProvider? clock = null) =>
        KubeApiClient.Create(Kubeconfig, policy ?? FastPolicy, clock ?? TimeProvider.System);

    /// <summary>Writes another kubeconfig next to the server's and returns its path.</summary>
    public string WriteKubeconfig(string name, string text)
    {
        File.WriteAllText(directory[name], text);
        return directory[name];
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        directory.Dispose();
    }
}
