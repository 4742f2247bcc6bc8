using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Bench.Operator;

/// <summary>
/// Watches NADs and ClusterNetworks with the runtime's own informers and completes waits when what they wait for is
/// seen: every NAD present and every network Ready, or all NADs of one network carrying a config fragment.
/// </summary>
internal sealed class ConvergenceWatcher : IDisposable, IEventHandler<NadResource>, IEventHandler<ClusterNetwork>
{
    private const string NetworkIndex = "network";
    private readonly CancellationTokenSource stop = new();
    private readonly Informer<NadResource> nads;
    private readonly Informer<ClusterNetwork> networks;
    private readonly HashSet<string> ready = [];
    private readonly Lock gate = new();
    private readonly List<Waiter> waiters = [];

    private ConvergenceWatcher(IKubernetes client)
    {
        nads = new Informer<NadResource>("bench-nads", ListWatchers.For<NadResource>(client, NadResource.Group, NadResource.Version, NadResource.Plural), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        nads.AddIndex(NetworkIndex, n => n.Metadata.Labels?.TryGetValue("multi.dev/cluster-network", out var owner) == true ? [owner] : []);
        nads.AddEventHandler(this);
        networks = new Informer<ClusterNetwork>("bench-networks", ListWatchers.For<ClusterNetwork>(client, ClusterNetwork.Group, ClusterNetwork.Version, ClusterNetwork.Plural), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        networks.AddEventHandler(this);
    }

    public static async Task<ConvergenceWatcher> StartAsync(IKubernetes client)
    {
        var watcher = new ConvergenceWatcher(client);
        _ = watcher.nads.RunAsync(watcher.stop.Token);
        _ = watcher.networks.RunAsync(watcher.stop.Token);
        while (!watcher.nads.HasSynced || !watcher.networks.HasSynced)
        {
            await Task.Delay(10);
        }

        return watcher;
    }

    /// <summary>Completes when <paramref name="nadCount"/> rendered NADs exist and <paramref name="networkCount"/> networks are Ready.</summary>
    public Task ConvergedAsync(int nadCount, int networkCount) =>
        Wait(() => nads.Store.Count >= nadCount && ReadyCount() >= networkCount);

    /// <summary>Completes when every one of the <paramref name="expected"/> NADs of a network contains <paramref name="fragment"/>.</summary>
    public Task AllContainAsync(string network, string fragment, int expected) =>
        Wait(() => nads.Store.ByIndex(NetworkIndex, network) is var list && list.Count == expected && list.All(n => n.Spec.Config?.Contains(fragment, StringComparison.Ordinal) == true));

    public void OnAdd(NadResource obj) => Check();

    public void OnUpdate(NadResource oldObj, NadResource newObj) => Check();

    public void OnDelete(NadResource obj) => Check();

    public void OnAdd(ClusterNetwork obj) => Track(obj);

    public void OnUpdate(ClusterNetwork oldObj, ClusterNetwork newObj) => Track(newObj);

    public void OnDelete(ClusterNetwork obj)
    {
        lock (gate)
        {
            ready.Remove(obj.Metadata.Name);
        }

        Check();
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    private void Track(ClusterNetwork network)
    {
        var isReady = network.Status?.Conditions.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        lock (gate)
        {
            if (isReady)
            {
                ready.Add(network.Metadata.Name);
            }
            else
            {
                ready.Remove(network.Metadata.Name);
            }
        }

        Check();
    }

    private int ReadyCount()
    {
        lock (gate)
        {
            return ready.Count;
        }
    }

    private Task Wait(Func<bool> done)
    {
        var waiter = new Waiter(done);
        lock (gate)
        {
            waiters.Add(waiter);
        }

        Check();
        return waiter.Completion.Task;
    }

    private void Check()
    {
        Waiter[] pending;
        lock (gate)
        {
            pending = [.. waiters];
        }

        foreach (var waiter in pending.Where(w => w.Done()))
        {
            lock (gate)
            {
                waiters.Remove(waiter);
            }

            waiter.Completion.TrySetResult();
        }
    }

    private sealed record Waiter(Func<bool> Done)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
