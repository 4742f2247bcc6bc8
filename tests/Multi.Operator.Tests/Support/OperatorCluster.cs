using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Core.Networks;
using Multi.Operator.Controllers;
using Multi.Operator.Controllers.Reclaim;
using Multi.Operator.Entities;
using Multi.Runtime;
using Multi.Sandbox.ApiServer;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Operator.Tests.Support;

/// <summary>
/// The embedded API server with every CRD of <c>crds/</c> applied as shipped, and the manager's controllers running
/// in-process against it over real HTTP (one replica, no leader election unless asked).
/// </summary>
internal sealed class OperatorCluster : IAsyncDisposable
{
    private Running? running;

    private readonly ReclaimOptions reclaim;

    private OperatorCluster(TestCluster cluster, ReclaimOptions reclaim) => (Cluster, this.reclaim) = (cluster, reclaim);

    public TestCluster Cluster { get; }

    public Kubernetes Client => Cluster.Client;

    /// <summary>The running manager's metrics registry.</summary>
    public Prometheus.CollectorRegistry Metrics => running?.Manager.Metrics ?? throw new InvalidOperationException("the manager is not running");

    /// <summary>
    /// Starts the server (and the manager). Reclaim runs with its defaults unless <paramref name="reclaim"/> says otherwise:
    /// a 60 s grace period, longer than any test here, so tests that make claims of pods that do not exist keep them.
    /// </summary>
    public static async Task<OperatorCluster> StartAsync(EmbeddedApiServerOptions? options = null, bool startManager = true, ReclaimOptions? reclaim = null)
    {
        var cluster = await TestCluster.StartAsync(options);
        await cluster.ApplyShippedCrdsAsync();

        var operatorCluster = new OperatorCluster(cluster, reclaim ?? new ReclaimOptions());
        if (startManager)
        {
            await operatorCluster.StartManagerAsync();
        }

        return operatorCluster;
    }

    /// <summary>Starts the manager and waits until its caches have synced.</summary>
    public async Task StartManagerAsync()
    {
        if (running is not null)
        {
            throw new InvalidOperationException("the manager is running already");
        }

        var stop = new CancellationTokenSource();
        var manager = new ControllerManager(new ManagerOptions { Name = "test-manager" }, Client, TimeProvider.System, NullLoggerFactory.Instance);
        ManagerControllers.Register(manager, Client, workers: 4, new NadRenderOptions(), reclaim, TimeProvider.System, NullLoggerFactory.Instance);
        var run = Task.Run(() => manager.RunAsync(stop.Token), CancellationToken.None);
        running = new Running(manager, stop, run);
        await Eventually.TrueAsync(() => Task.FromResult(manager.HasSynced || run.IsCompleted), "the manager's caches to sync");
        if (run.IsFaulted)
        {
            await run;
        }
    }

    /// <summary>Stops the manager as SIGTERM would (graceful shutdown), for restart tests.</summary>
    public async Task StopManagerAsync()
    {
        if (running is null)
        {
            return;
        }

        await running.Stop.CancelAsync();
        await running.Run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await running.Manager.DisposeAsync();
        running.Stop.Dispose();
        running = null;
    }

    public Task CreateNamespaceAsync(string name, IDictionary<string, string>? labels = null) =>
        Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, cancellationToken: TestContext.Current.CancellationToken);

    public Task CreateNetworkAsync(string name, JsonObject spec) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject { ["apiVersion"] = ClusterNetwork.GroupVersion, ["kind"] = ClusterNetwork.KindName, ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec },
            ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, cancellationToken: TestContext.Current.CancellationToken);

    public Task PatchNetworkSpecAsync(string name, JsonObject specPatch) =>
        Client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new JsonObject { ["spec"] = specPatch }.ToJsonString(), V1Patch.PatchType.MergePatch),
            ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, name, cancellationToken: TestContext.Current.CancellationToken);

    public Task DeleteNetworkAsync(string name) =>
        Client.CustomObjects.DeleteClusterCustomObjectAsync(ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, name, cancellationToken: TestContext.Current.CancellationToken);

    public Task<ClusterNetwork?> GetNetworkAsync(string name) =>
        GetOrNullAsync<ClusterNetwork>(ct => Client.CustomObjects.GetClusterCustomObjectAsync(ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural, name, ct));

    public Task<NadResource?> GetNadAsync(string ns, string name) =>
        GetOrNullAsync<NadResource>(ct => Client.CustomObjects.GetNamespacedCustomObjectAsync(NadResource.Group, NadResource.Version, ns, NadResource.Plural, name, ct));

    public Task<IpPoolResource?> GetPoolAsync(string name) =>
        GetOrNullAsync<IpPoolResource>(ct => Client.CustomObjects.GetClusterCustomObjectAsync(IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural, name, ct));

    public async Task<IReadOnlyList<NadResource>> ListNadsAsync(string? labelSelector = null)
    {
        var json = await Client.CustomObjects.ListClusterCustomObjectAsync(NadResource.Group, NadResource.Version, NadResource.Plural, labelSelector: labelSelector, cancellationToken: TestContext.Current.CancellationToken);
        var items = JsonNode.Parse(KubernetesJson.Serialize(json))!["items"]!.AsArray();
        return [.. items.Select(i => KubernetesJson.Deserialize<NadResource>(i!.ToJsonString()))];
    }

    /// <summary>The condition's status and reason, e.g. <c>True/Rendered</c>, or null when the network has none yet.</summary>
    public async Task<string?> ConditionAsync(string network, string type)
    {
        var condition = (await GetNetworkAsync(network))?.Status?.Conditions.FirstOrDefault(c => c.Type == type);
        return condition is null ? null : $"{condition.Status}/{condition.Reason}";
    }

    public async ValueTask DisposeAsync()
    {
        await StopManagerAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>An untyped custom-object read as the typed entity, or null when the object does not exist.</summary>
    private static async Task<T?> GetOrNullAsync<T>(Func<CancellationToken, Task<object>> read)
        where T : class
    {
        try
        {
            return KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(await read(TestContext.Current.CancellationToken)));
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private sealed record Running(ControllerManager Manager, CancellationTokenSource Stop, Task Run);
}
