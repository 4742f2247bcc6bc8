using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;

namespace Multi.Bench.Reclaim;

/// <summary>
/// Watches the deletion phase's claims (by their phase label) with the runtime's own informer, in this process, and keeps
/// the time each one's DELETED event arrived.
/// </summary>
internal sealed class DeletionWatcher : IDisposable, IEventHandler<IpAllocationResource>
{
    private readonly CancellationTokenSource stop = new();
    private readonly Informer<IpAllocationResource> claims;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> deleted = new(StringComparer.Ordinal);

    private DeletionWatcher(IKubernetes client, string labelSelector)
    {
        claims = new Informer<IpAllocationResource>(
            "bench-claims", ListWatchers.For<IpAllocationResource>(client, IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, labelSelector),
            new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        claims.AddEventHandler(this);
    }

    public int Count => claims.Store.Count;

    public static async Task<DeletionWatcher> StartAsync(IKubernetes client, string labelSelector)
    {
        var watcher = new DeletionWatcher(client, labelSelector);
        _ = watcher.claims.RunAsync(watcher.stop.Token);
        while (!watcher.claims.HasSynced)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        return watcher;
    }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the claim's DELETED event arrived.</summary>
    public Task<long> DeletedAsync(string name) => Slot(name).Task;

    public void OnAdd(IpAllocationResource obj)
    {
    }

    public void OnUpdate(IpAllocationResource oldObj, IpAllocationResource newObj)
    {
    }

    public void OnDelete(IpAllocationResource obj) => Slot(obj.Metadata.Name).TrySetResult(Stopwatch.GetTimestamp());

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    private TaskCompletionSource<long> Slot(string name) => deleted.GetOrAdd(name, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
