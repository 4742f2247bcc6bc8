using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Multi.Runtime.Informers;
using Multi.Runtime.Leadership;
using Multi.Runtime.Queue;
using Multi.Runtime.Reconcile;
using Prometheus;

namespace Multi.Runtime;

/// <summary>
/// controller-runtime's manager: owns the informers and the controllers, starts the informers, waits until every one
/// has synced, then (after winning the lease when leader election is on) starts the controllers' workers. It serves
/// /healthz, /readyz and /metrics when asked to, and shuts down in order: workers (draining in-flight reconciles),
/// informers, the lease, the probe endpoint.
/// </summary>
public sealed partial class ControllerManager : IAsyncDisposable
{
    private readonly ManagerOptions options;
    private readonly IKubernetes client;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly List<IManagedInformer> informers = [];
    private readonly List<Controller> controllers = [];
    private readonly InformerMetrics informerMetrics;
    private readonly ControllerMetrics controllerMetrics;
    private readonly QueueMetrics queueMetrics;
    private readonly LeaderElector? elector;
    private volatile bool leading;
    private int started;

    public ControllerManager(ManagerOptions options, IKubernetes client, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        this.options = options;
        this.client = client;
        this.time = time;
        this.loggers = loggers;
        logger = loggers.CreateLogger<ControllerManager>();
        Metrics = Prometheus.Metrics.NewCustomRegistry();
        informerMetrics = new InformerMetrics(Metrics);
        controllerMetrics = new ControllerMetrics(Metrics);
        queueMetrics = new QueueMetrics(Metrics);
        Metrics.AddBeforeCollectCallback(UpdateInformerAges);
        if (options.LeaderElection)
            elector = new LeaderElector(client, LeaderElectionConfig.From(options), time, loggers.CreateLogger<LeaderElector>());
    }

    /// <summary>This manager's own registry: informer, work queue and controller metrics.</summary>
    public CollectorRegistry Metrics { get; }

    /// <summary>True while this manager runs the controllers' workers (always, once synced, without leader election).</summary>
    public bool IsLeader => leading;

    public bool HasSynced => informers.TrueForAll(informer => informer.HasSynced);

    /// <summary>The probe endpoint's bound address once running (port 0 resolved).</summary>
    public Uri? ProbeUri { get; private set; }

    /// <summary>The client the manager was given, for reconcilers and list-watchers.</summary>
    public IKubernetes Client => client;

    public Informer<T> AddInformer<T>(string name, IListWatcher<T> source, InformerOptions? options = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        EnsureNotStarted();
        if (informers.Exists(informer => informer.Name == name))
            throw new ArgumentException($"an informer named '{name}' exists already", nameof(name));
        var informer = new Informer<T>(name, source, options ?? new InformerOptions(), time, loggers);
        ((IManagedInformer)informer).Metrics = informerMetrics;
        informerMetrics.Relists.WithLabels(name).Publish();
        informerMetrics.Objects.WithLabels(name).Publish();
        informers.Add(informer);
        return informer;
    }

    public ControllerBuilder AddController(string name, IReconciler reconciler, int workers = 2)
    {
        EnsureNotStarted();
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(reconciler);
        if (controllers.Exists(controller => controller.Name == name))
            throw new ArgumentException($"a controller named '{name}' exists already", nameof(name));
        var controller = new Controller(name, reconciler, workers, time, controllerMetrics, queueMetrics, loggers.CreateLogger<Controller>());
        controllers.Add(controller);
        return new ControllerBuilder(controller);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var controller in controllers)
            controller.Queue.Dispose();
        if (probe is not null)
            await probe.DisposeAsync().ConfigureAwait(false);
    }

    private void EnsureNotStarted()
    {
        if (Volatile.Read(ref started) != 0)
            throw new InvalidOperationException("add informers and controllers before RunAsync");
    }

    private void UpdateInformerAges()
    {
        foreach (var informer in informers)
            informerMetrics.LastEventAge.WithLabels(informer.Name).Set(informer.LastEventAge.TotalSeconds);
    }
}
