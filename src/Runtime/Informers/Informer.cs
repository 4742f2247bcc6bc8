using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Multi.Runtime.Reconcile;

namespace Multi.Runtime.Informers;

/// <summary>
/// client-go's shared informer: lists, then watches from the list's version, keeps a cache of the objects and tells
/// the handlers about every change, in order, on one loop. On an expired version it lists again and delivers
/// synthetic deletes for objects that vanished meanwhile; outages are retried with exponential backoff.
/// </summary>
public sealed partial class Informer<T> : IManagedInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock delivery = new();
    private readonly ObjectCache<T> cache = new();
    private readonly IListWatcher<T> source;
    private readonly InformerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IEventHandler<T>[] handlers = [];
    private long lastHeard;
    private int started;

    public Informer(string name, IListWatcher<T> source, InformerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        Name = name;
        this.source = source;
        this.options = options;
        this.time = time;
        logger = loggers.CreateLogger<Informer<T>>();
        lastHeard = time.GetTimestamp();
    }

    public string Name { get; }

    /// <summary>The cache: the stored instances are shared, never mutate them.</summary>
    public IReadOnlyStore<T> Store => cache;

    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The version the informer will resume watching from.</summary>
    public string ResourceVersion { get; private set; } = "";

    /// <summary>Full lists after the first one (expired versions).</summary>
    public int Relists { get; private set; }

    /// <summary>How long since the informer last heard from the server (a list, an event or a bookmark).</summary>
    public TimeSpan LastEventAge => time.GetElapsedTime(Interlocked.Read(ref lastHeard));

    Task IManagedInformer.Synced => synced.Task;

    InformerMetrics? IManagedInformer.Metrics { get => Metrics; set => Metrics = value; }

    private InformerMetrics? Metrics { get; set; }

    /// <summary>Adds an index the store keeps (call before <see cref="RunAsync"/>); "namespace" exists already.</summary>
    public void AddIndex(string indexName, Func<T, IEnumerable<string>> indexFunc) => cache.AddIndex(indexName, indexFunc);

    /// <summary>Adds a handler; one added after the informer has synced is first told about every cached object.</summary>
    public void AddEventHandler(IEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (delivery)
        {
            handlers = [.. handlers, handler];
            foreach (var obj in cache.List())
                Notify(h => h.OnAdd(obj), [handler]);
        }
    }

    private static ObjectKey KeyOf(T obj) => ObjectKey.Of(obj.Metadata ?? throw new InvalidOperationException("object without metadata"));

    private T Transform(T obj) =>
        options.Transform is { } transform ? (T)transform(obj) : obj;

    private void ApplyList(ListResult<T> list)
    {
        int deleted = 0;
        lock (delivery)
        {
            var fresh = new Dictionary<ObjectKey, T>();
            foreach (var item in list.Items)
            {
                var obj = Transform(item);
                fresh[KeyOf(obj)] = obj;
            }

            foreach (var (key, old) in cache.Snapshot())
            {
                if (fresh.ContainsKey(key))
                    continue;
                cache.Remove(key);
                deleted++;
                Notify(h => h.OnDelete(old), handlers);
            }

            foreach (var (key, obj) in fresh)
                Delivered(cache.Upsert(key, obj), obj);
            ResourceVersion = list.ResourceVersion;
        }

        Heard();
        if (HasSynced)
        {
            Relists++;
            Metrics?.Relists.WithLabels(Name).Inc();
            InformerLog.Relisted(logger, Name, list.Items.Count, list.ResourceVersion, deleted);
        }
        else
        {
            InformerLog.Synced(logger, Name, list.Items.Count, list.ResourceVersion);
            synced.TrySetResult();
        }
    }

    private void ApplyEvent(WatchEvent<T> change)
    {
        lock (delivery)
        {
            if (change.Object is { } received)
            {
                var obj = Transform(received);
                var key = KeyOf(obj);
                if (change.Kind == WatchEventKind.Deleted)
                {
                    cache.Remove(key);
                    Notify(h => h.OnDelete(obj), handlers);
                }
                else
                {
                    Delivered(cache.Upsert(key, obj), obj);
                }
            }

            if (!string.IsNullOrEmpty(change.ResourceVersion))
                ResourceVersion = change.ResourceVersion;
        }

        Heard();
    }

    private void Resync()
    {
        lock (delivery)
        {
            foreach (var obj in cache.List())
                Notify(h => h.OnUpdate(obj, obj), handlers);
        }
    }

    private void Delivered(T? old, T obj)
    {
        if (old is null)
            Notify(h => h.OnAdd(obj), handlers);
        else
            Notify(h => h.OnUpdate(old, obj), handlers);
    }

    private void Notify(Action<IEventHandler<T>> call, IEventHandler<T>[] targets)
    {
        foreach (var handler in targets)
        {
            try
            {
                call(handler);
            }
            catch (Exception error)
            {
                InformerLog.HandlerFailed(logger, error, Name);
            }
        }
    }

    private void Heard()
    {
        Interlocked.Exchange(ref lastHeard, time.GetTimestamp());
        Metrics?.Objects.WithLabels(Name).Set(cache.Count);
    }
}
