using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Multi.Runtime.Informers;

namespace Multi.Runtime.Tests.Support;

/// <summary>Records every event an informer delivers as "add name", "update name", "delete name".</summary>
internal sealed class RecordingHandler<T> : IEventHandler<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentQueue<string> events = new();

    public IReadOnlyList<string> Events => [.. events];

    public void OnAdd(T obj) => events.Enqueue("add " + obj.Metadata.Name);

    public void OnUpdate(T oldObj, T newObj) => events.Enqueue("update " + newObj.Metadata.Name);

    public void OnDelete(T obj) => events.Enqueue("delete " + obj.Metadata.Name);

    public bool Saw(string entry) => events.Contains(entry);
}
