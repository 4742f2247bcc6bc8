using Multi.Runtime.Informers;
using Multi.Runtime.Queue;
using Multi.Runtime.Reconcile;

namespace Multi.Runtime;

/// <summary>An informer handler that only enqueues: the keys an object maps to (on update, the old and new object's).</summary>
internal sealed class EnqueueHandler<T>(WorkQueue<ObjectKey> queue, Func<T, IEnumerable<ObjectKey>> map) : IEventHandler<T>
{
    public void OnAdd(T obj) => Enqueue(map(obj));

    public void OnUpdate(T oldObj, T newObj)
    {
        var keys = new HashSet<ObjectKey>(map(oldObj));
        keys.UnionWith(map(newObj));
        Enqueue(keys);
    }

    public void OnDelete(T obj) => Enqueue(map(obj));

    private void Enqueue(IEnumerable<ObjectKey> keys)
    {
        foreach (var key in keys)
            queue.Add(key);
    }
}
