using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Multi.Operator.Entities;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;

namespace Multi.Operator.NodeAgent.CniServer.Kube;

/// <summary>
/// The daemon's informers (node-daemon.md, section 4): this node's pods (field selector <c>spec.nodeName</c>), every NAD, every
/// IPPool and this node's Node object (field selector <c>metadata.name</c>), each kept trimmed by <see cref="CacheTrim"/>.
/// Answers reads as the JSON objects the engine parses; read-only.
/// </summary>
internal sealed class NodeCaches
{
    private static readonly TimeSpan SyncPoll = TimeSpan.FromMilliseconds(20);
    private readonly TimeProvider time;

    public NodeCaches(Kubernetes client, string node, TimeProvider time, ILoggerFactory loggers)
    {
        NodeName = node;
        this.time = time;
        Pods = Informer("pods", ListWatchers.For<CachedObject>(client, "", "v1", "pods", fieldSelector: $"spec.nodeName={node}"), CacheTrim.Pod, loggers);
        Nads = Informer("network-attachment-definitions", ListWatchers.For<CachedObject>(client, NadResource.Group, NadResource.Version, NadResource.Plural), CacheTrim.WithoutManagedFields, loggers);
        Pools = Informer("ippools", ListWatchers.For<CachedObject>(client, IpPoolResource.Group, IpPoolResource.Version, IpPoolResource.Plural), CacheTrim.WithoutManagedFields, loggers);
        Node = Informer("node", ListWatchers.For<CachedObject>(client, "", "v1", "nodes", fieldSelector: $"metadata.name={node}"), CacheTrim.Node, loggers);
        All = [Pods, Nads, Pools, Node];
        Required = [Pods, Nads, Node];
    }

    public string NodeName { get; }

    public Informer<CachedObject> Pods { get; }

    public Informer<CachedObject> Nads { get; }

    public Informer<CachedObject> Pools { get; }

    public Informer<CachedObject> Node { get; }

    public IReadOnlyList<Informer<CachedObject>> All { get; }

    /// <summary>
    /// The informers readiness waits for. IPPools are not among them: a cluster that uses Multi without its IPAM may not have
    /// the CRD, and until the pools' informer has synced a pool read is a miss answered over HTTP, as for any unsynced cache.
    /// </summary>
    public IReadOnlyList<Informer<CachedObject>> Required { get; }

    /// <summary>Null once every required informer has synced; otherwise the names of those that have not.</summary>
    public string? NotReady => Required.Where(i => !i.HasSynced).Select(i => i.Name).ToList() is { Count: > 0 } waiting
        ? "informers not synced: " + string.Join(", ", waiting)
        : null;

    /// <summary>Runs every informer until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(All.Select(informer => Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None)));

    /// <summary>Completes once every informer has synced; throws if they stop first (<paramref name="running"/>).</summary>
    public async Task WaitSyncedAsync(Task running, CancellationToken cancellationToken)
    {
        while (NotReady is not null)
        {
            if (running.IsCompleted)
            {
                await running.ConfigureAwait(false);
                throw new InvalidOperationException($"the informers stopped before they synced ({NotReady})");
            }

            await Task.Delay(SyncPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The cached object a GET names (a copy), or null when the cache cannot answer it (a miss).</summary>
    public JsonObject? Find(CacheRoute route)
    {
        var (informer, key) = route.Kind switch
        {
            CacheKind.Pod => (Pods, new ObjectKey(route.Namespace, route.Name)),
            CacheKind.Nad => (Nads, new ObjectKey(route.Namespace, route.Name)),
            CacheKind.Pool => (Pools, new ObjectKey(null, route.Name)),
            CacheKind.Node when route.Name == NodeName => (Node, new ObjectKey(null, route.Name)),
            _ => (null, default),
        };
        if (informer is null || !informer.HasSynced || informer.Store.Get(key) is not { } cached)
        {
            return null;
        }

        // A terminating pod may be the old one of a re-created name (a StatefulSet's): the server knows which is current.
        return route.Kind == CacheKind.Pod && cached.Json["metadata"]?["deletionTimestamp"] is not null ? null : cached.ToJson();
    }

    /// <summary>A namespace's NADs as a list answer (<c>{"items":[...]}</c>), copies of the cached objects.</summary>
    public JsonObject NadList(string @namespace)
    {
        var items = new JsonArray();
        foreach (var nad in Nads.Store.ListNamespace(@namespace))
        {
            items.Add((JsonNode)nad.ToJson());
        }

        return new JsonObject { ["apiVersion"] = "k8s.cni.cncf.io/v1", ["kind"] = "NetworkAttachmentDefinitionList", ["items"] = items };
    }

    private Informer<CachedObject> Informer(string name, IListWatcher<CachedObject> source, Func<object, object> transform, ILoggerFactory loggers) =>
        new(name, source, new InformerOptions { Transform = transform }, time, loggers);
}
