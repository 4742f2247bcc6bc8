using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Runtime.Informers;
using Multi.Runtime.Reconcile;
using ObjectKey = Multi.Runtime.Reconcile.ObjectKey;
using Multi.Runtime.Tests.Support;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Runtime.Tests.Informers;

public sealed class InformerTests
{
    [Fact]
    public async Task RunAsync_PodsCreatedUpdatedDeleted_DeliversEventsAndKeepsTheStore()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("before"), "default", cancellationToken: deadline);
        var informer = PodInformer(cluster);
        var handler = new RecordingHandler<V1Pod>();
        informer.AddEventHandler(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = informer.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => informer.HasSynced, deadline, "sync");
        Assert.Equal(["add before"], handler.Events);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("after"), "kube-system", cancellationToken: deadline);
        var pod = await cluster.Client.CoreV1.ReadNamespacedPodAsync("before", "default", cancellationToken: deadline);
        pod.Metadata.Labels = new Dictionary<string, string> { ["changed"] = "yes" };
        await cluster.Client.CoreV1.ReplaceNamespacedPodAsync(pod, "before", "default", cancellationToken: deadline);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("after", "kube-system", cancellationToken: deadline);

        await Eventually.TrueAsync(() => handler.Events.Count == 4, deadline, "four events");
        Assert.Equal(["add before", "add after", "update before", "delete after"], handler.Events);
        Assert.Equal("yes", informer.Store.Get(new ObjectKey("default", "before"))!.Metadata.Labels["changed"]);
        Assert.Null(informer.Store.Get(new ObjectKey("kube-system", "after")));
        Assert.Equal(1, informer.Store.Count);
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    [Fact]
    public async Task Store_IndexesAndLabels_AnswerFromTheCache()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("a", "node-1", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }), "default", cancellationToken: deadline);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("b", "node-2", new Dictionary<string, string> { ["app"] = "web" }), "default", cancellationToken: deadline);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("c", "node-1"), "kube-system", cancellationToken: deadline);
        var informer = PodInformer(cluster);
        informer.AddIndex("node", pod => pod.Spec?.NodeName is { } node ? [node] : []);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = informer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => informer.HasSynced, deadline, "sync");

        Assert.Equal(["a", "c"], Names(informer.Store.ByIndex("node", "node-1")));
        Assert.Equal(["a", "b"], Names(informer.Store.ListNamespace("default")));
        Assert.Equal(["a", "b"], Names(informer.Store.ByLabels(new Dictionary<string, string> { ["app"] = "web" })));
        Assert.Equal(["a"], Names(informer.Store.ByLabels(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" })));
        Assert.Equal(3, informer.Store.List().Count);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("a", "default", cancellationToken: deadline);
        await Eventually.TrueAsync(() => informer.Store.Count == 2, deadline, "delete");
        Assert.Equal(["c"], Names(informer.Store.ByIndex("node", "node-1")));
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    [Fact]
    public async Task RunAsync_CustomResourcesNamespacedAndClusterScoped_ListsAndWatches()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        await Crds.RegisterAsync(cluster.Client, deadline);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Widget("w1", "default"), Crds.Group, "v1", "default", "widgets", cancellationToken: deadline);
        var widgets = new Informer<Widget>("widgets", ListWatchers.For<Widget>(cluster.Client, Crds.Group, "v1", "widgets"), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var gadgets = new Informer<Widget>("gadgets", ListWatchers.For<Widget>(cluster.Client, Crds.Group, "v1", "gadgets", labelSelector: "app=demo"), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var runs = new[] { widgets.RunAsync(stop.Token), gadgets.RunAsync(stop.Token) };
        await Eventually.TrueAsync(() => widgets.HasSynced && gadgets.HasSynced, deadline, "sync");

        await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(Crds.Widget("g1", null, "Gadget"), Crds.Group, "v1", "gadgets", cancellationToken: deadline);
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Widget("w2", "other"), Crds.Group, "v1", "other", "widgets", cancellationToken: deadline);

        await Eventually.TrueAsync(() => widgets.Store.Count == 2 && gadgets.Store.Count == 1, deadline, "custom objects");
        var gadget = gadgets.Store.Get(new ObjectKey(null, "g1"));
        Assert.NotNull(gadget);
        Assert.Equal(1, gadget.Spec!["size"]!.GetValue<int>());
        Assert.Equal("group.example/v1", widgets.Store.Get(new ObjectKey("default", "w1"))!.ApiVersion);
        Assert.NotNull(widgets.Store.Get(new ObjectKey("other", "w2")));
        await stop.CancelAsync();
        await Task.WhenAll(runs).WaitAsync(deadline);
    }

    [Fact]
    public async Task RunAsync_Bookmarks_AdvanceTheResourceVersionAndLastEventAge()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        var informer = PodInformer(cluster);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = informer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => informer.HasSynced, deadline, "sync");
        var listed = long.Parse(informer.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);

        var other = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "unrelated" } }, "default", cancellationToken: deadline);

        await Eventually.TrueAsync(() => informer.ResourceVersion == other.Metadata.ResourceVersion, deadline, "a bookmark");
        Assert.True(long.Parse(other.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > listed);
        Assert.Equal(0, informer.Store.Count);
        Assert.True(informer.LastEventAge < TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    [Fact]
    public async Task RunAsync_ResyncPeriod_RedeliversUpdatesForCachedObjects()
    {
        var deadline = TestCluster.Deadline(20);
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(TestCluster.Pod("a"), "default", cancellationToken: deadline);
        var informer = new Informer<V1Pod>("pods", ListWatchers.For<V1Pod>(cluster.Client, "", "v1", "pods"), new InformerOptions
        {
            ResyncPeriod = TimeSpan.FromMilliseconds(100),
            Transform = obj => { ((V1Pod)obj).Metadata.ManagedFields = null; return obj; },
        }, TimeProvider.System, NullLoggerFactory.Instance);
        var handler = new RecordingHandler<V1Pod>();
        informer.AddEventHandler(handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = informer.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => handler.Events.Count(e => e == "update a") >= 2, deadline, "resyncs");
        Assert.Equal("add a", handler.Events[0]);
        await stop.CancelAsync();
        await run.WaitAsync(deadline);
    }

    internal static Informer<V1Pod> PodInformer(TestCluster cluster, int watchTimeoutSeconds = 300) =>
        new("pods", new KubernetesListWatcher<V1Pod>(cluster.Client, "", "v1", "pods", null, null, watchTimeoutSeconds), new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);

    private static string[] Names(IEnumerable<V1Pod> pods) => [.. pods.Select(pod => pod.Metadata.Name).Order(StringComparer.Ordinal)];
}
