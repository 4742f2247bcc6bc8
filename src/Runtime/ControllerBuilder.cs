using k8s;
using k8s.Models;
using Multi.Runtime.Informers;
using Multi.Runtime.Queue;
using Multi.Runtime.Reconcile;

namespace Multi.Runtime;

/// <summary>Says which informers' events enqueue which keys for one controller (controller-runtime's builder).</summary>
public sealed class ControllerBuilder
{
    private readonly Controller controller;

    internal ControllerBuilder(Controller controller) => this.controller = controller;

    public string Name => controller.Name;

    /// <summary>The controller's queue (for tests and for enqueueing a key by hand).</summary>
    public WorkQueue<ObjectKey> Queue => controller.Queue;

    /// <summary>Enqueues the object's own key on every event.</summary>
    public ControllerBuilder For<T>(Informer<T> informer)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        informer.AddEventHandler(new EnqueueHandler<T>(controller.Queue, obj => [ObjectKey.Of(obj.Metadata)]));
        return this;
    }

    /// <summary>Enqueues the keys a related object maps to (on update, both the old and the new object's).</summary>
    public ControllerBuilder Watches<T>(Informer<T> informer, Func<T, IEnumerable<ObjectKey>> map)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(map);
        informer.AddEventHandler(new EnqueueHandler<T>(controller.Queue, map));
        return this;
    }

    /// <summary>
    /// Enqueues the controlling owner (ownerReference with controller: true, matching group and kind) of each object:
    /// in the object's namespace, or cluster-scoped (namespace null) when <paramref name="clusterScopedOwner"/>.
    /// </summary>
    public ControllerBuilder Owns<T>(Informer<T> informer, string ownerApiVersion, string ownerKind, bool clusterScopedOwner = false)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerApiVersion);
        ArgumentException.ThrowIfNullOrEmpty(ownerKind);
        return Watches(informer, obj => OwnerReferences.ControllerOwner(obj, ownerApiVersion, ownerKind, clusterScopedOwner));
    }

    public ControllerBuilder WithRateLimiter(IRateLimiter<ObjectKey> limiter)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        controller.Queue.RateLimiter = limiter;
        return this;
    }
}
