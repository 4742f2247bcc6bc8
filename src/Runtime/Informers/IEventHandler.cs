namespace Multi.Runtime.Informers;

/// <summary>
/// Receives an informer's changes, in order, on the informer's loop: handlers must only enqueue keys, never block or
/// reconcile. The objects are the cached ones: never mutate them.
/// </summary>
public interface IEventHandler<in T>
{
    void OnAdd(T obj);

    void OnUpdate(T oldObj, T newObj);

    void OnDelete(T obj);
}
