using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Cni.Ipam;
using Multi.Cni.Pods;
using Multi.Core.Cni;
using Multi.Operator.Tests.Support;
using Multi.Sandbox.ApiServer;

namespace Multi.Operator.Tests.CniServer.Kube;

/// <summary>The daemon's Kubernetes access against the embedded API server over HTTP: what the engine's reads and writes cost.</summary>
public sealed class NodeApiAccessTests
{
    private const string Status = """[{"name":"cluster","default":true}]""";

    [Fact]
    public async Task AddReadPath_AfterSync_CostsOnlyTheNetworkStatusPatch()
    {
        await using var world = await NodeApiWorld.StartAsync();
        await world.PodAsync("web");
        await world.NadAsync("apps", "net1");
        await world.NadAsync("other", "net2");
        await world.NadAsync("other", "net3");
        var access = await world.StartAccessAsync();
        var mark = world.Mark();

        var api = access.Factory.Create("/ignored/kubeconfig", CniCommand.Add);
        var pods = new PodApi(api);
        var pod = await pods.ReadPodAsync("apps", "web", NodeApiWorld.Ct);
        var nads = await pods.ReadNadsAsync(pod, [("apps", "net1"), ("other", "net2"), ("other", "net3"), ("other", "absent")], NodeApiWorld.Ct);
        await pods.WriteNetworkStatusAsync(pod, Status, NodeApiWorld.Ct);

        var sent = world.RequestsSince(mark);
        var stored = await world.Client.CoreV1.ReadNamespacedPodAsync("web", "apps", cancellationToken: NodeApiWorld.Ct);
        Assert.Equal([("PATCH", "/api/v1/namespaces/apps/pods/web/status")], sent.Select(r => (r.Method, r.Path)));
        Assert.Equal(1, api.RequestCount);
        Assert.Equal(["apps/net1", "other/net2", "other/net3"], nads.Keys.Select(k => $"{k.Namespace}/{k.Name}").Order());
        Assert.Contains("bridge", nads[("other", "net3")].Config, StringComparison.Ordinal);
        Assert.Equal(Status, stored.Metadata.Annotations["k8s.v1.cni.cncf.io/network-status"]);
        Assert.Equal(1, await world.MetricAsync("multi_daemon_api_requests_total{method=\"PATCH\"}"));
    }

    [Fact]
    public async Task ReadPod_NotYetInTheCache_IsOneGetCountedAsAMiss()
    {
        await using var world = await NodeApiWorld.StartAsync();
        var access = await world.StartAccessAsync();
        var created = await world.PodAsync("fresh", node: null); // not bound yet: this node's informer has not seen it
        var mark = world.Mark();

        var api = access.Factory.Create("/ignored", CniCommand.Add);
        var pod = await new PodApi(api).ReadPodAsync("apps", "fresh", NodeApiWorld.Ct);

        Assert.Equal(created.Metadata.Uid, pod.Uid);
        Assert.Equal([("GET", "/api/v1/namespaces/apps/pods/fresh")], world.RequestsSince(mark).Select(r => (r.Method, r.Path)));
        Assert.Equal(1, api.RequestCount);
        Assert.Equal(1, await world.MetricAsync("multi_daemon_cache_misses_total{kind=\"pod\"}"));
    }

    [Fact]
    public async Task ReadNads_NadCreatedThenDeletedAfterSync_FollowsTheWatch()
    {
        await using var world = await NodeApiWorld.StartAsync();
        await world.PodAsync("web");
        var access = await world.StartAccessAsync();
        var api = access.Factory.Create("/ignored", CniCommand.Add);
        var pods = new PodApi(api);
        var pod = await pods.ReadPodAsync("apps", "web", NodeApiWorld.Ct);
        (string, string)[] wanted = [("other", "late"), ("other", "never")]; // two in one namespace: the namespace's list

        await world.NadAsync("other", "late");
        await Eventually.TrueAsync(async () => (await pods.ReadNadsAsync(pod, wanted, NodeApiWorld.Ct)).Count == 1, "the new NAD in the cache", seconds: 10);
        await world.DeleteNadAsync("other", "late");
        await Eventually.TrueAsync(async () => (await pods.ReadNadsAsync(pod, wanted, NodeApiWorld.Ct)).Count == 0, "the deleted NAD gone from the cache", seconds: 10);

        Assert.Equal(0, api.RequestCount);
    }

    [Fact]
    public async Task IpamReads_PoolAndNodeFromTheCache_ClaimFromTheServer()
    {
        await using var world = await NodeApiWorld.StartAsync();
        await world.PoolAsync("pool-a", "10.1.0.0/24");
        var access = await world.StartAccessAsync();
        var mark = world.Mark();

        var api = access.Factory.Create("/ignored", CniCommand.Add);
        var store = new IpamStore(api);
        var pool = await store.PoolAsync("pool-a", NodeApiWorld.Ct);
        var node = await store.NodeAsync(NodeApiWorld.NodeName, NodeApiWorld.Ct);
        var cachedOnly = api.RequestCount;
        var claim = await store.GetAsync("pool-a-10.1.0.7", NodeApiWorld.Ct);

        Assert.Equal("10.1.0.0/24", (string?)pool!["spec"]!["cidr"]);
        Assert.Equal("a", (string?)node!["metadata"]!["labels"]!["zone"]);
        Assert.Null(node["status"]);
        Assert.Equal(0, cachedOnly);
        Assert.Null(claim);
        Assert.Equal(1, api.RequestCount);
        Assert.Equal([("GET", "/apis/multi.dev/v1alpha1/ipallocations/pool-a-10.1.0.7")], world.RequestsSince(mark).Select(r => (r.Method, r.Path)));
    }

    [Fact]
    public async Task Events_PostedThroughTheApi_AnswerAtOnceAndReachTheServerAfterwards()
    {
        var slowEvents = new EmbeddedApiServerOptions
        {
            Faults = r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal) ? ApiFault.Delayed(TimeSpan.FromMilliseconds(500)) : null,
        };
        await using var world = await NodeApiWorld.StartAsync(slowEvents);
        await world.PodAsync("web");
        var access = await world.StartAccessAsync();
        var api = access.Factory.Create("/ignored", CniCommand.Add);
        var pod = await new PodApi(api).ReadPodAsync("apps", "web", NodeApiWorld.Ct);

        var events = new PodEvents(api, pod, TimeProvider.System, NullLogger.Instance);
        events.Post(PodEvents.Normal, "AddedInterface", "Add net1 [10.1.0.7/24] from apps/net1");
        events.Post(PodEvents.Warning, "NoNetworkFound", "cannot find a network-attachment-definition");
        var drained = events.DrainAsync(TimeSpan.FromSeconds(2));

        Assert.True(drained.IsCompletedSuccessfully, "the engine's drain waits for nothing: the events are queued");
        Assert.Equal(0, api.RequestCount);
        var stored = await Eventually.ValueAsync(
            async () => (await world.Client.CoreV1.ListNamespacedEventAsync("apps", cancellationToken: NodeApiWorld.Ct)).Items,
            items => items.Count == 2, "both events at the server", seconds: 10);
        Assert.Equal(["AddedInterface", "NoNetworkFound"], stored.Select(e => e.Reason).Order());
        Assert.All(stored, e => Assert.Equal(pod.Uid, e.InvolvedObject.Uid));
        Assert.Equal(2, await world.MetricAsync("multi_daemon_events_sent_total"));
    }

    [Fact]
    public async Task Events_HeldForAfterTheAnswer_NothingSentUntilReleased()
    {
        await using var world = await NodeApiWorld.StartAsync();
        await world.PodAsync("web");
        var access = await world.StartAccessAsync();
        var api = access.Factory.Create("/ignored", CniCommand.Add);
        var pod = await new PodApi(api).ReadPodAsync("apps", "web", NodeApiWorld.Ct);

        var events = new PodEvents(api, pod, TimeProvider.System, NullLogger.Instance, afterAnswer: true);
        events.Post(PodEvents.Normal, "AddedInterface", "Add net1 [10.1.0.7/24] from apps/net1");
        events.Post(PodEvents.Normal, "AddedInterface", "Add net2 [10.2.0.7/24] from apps/net2");
        await Task.Delay(TimeSpan.FromMilliseconds(500), NodeApiWorld.Ct);

        Assert.Equal(2, events.Count);
        Assert.Empty((await world.Client.CoreV1.ListNamespacedEventAsync("apps", cancellationToken: NodeApiWorld.Ct)).Items);
        events.Release(TimeSpan.FromSeconds(2));
        var stored = await Eventually.ValueAsync(
            async () => (await world.Client.CoreV1.ListNamespacedEventAsync("apps", cancellationToken: NodeApiWorld.Ct)).Items,
            items => items.Count == 2, "both events at the server after the release", seconds: 10);
        Assert.Equal(["Add net1 [10.1.0.7/24] from apps/net1", "Add net2 [10.2.0.7/24] from apps/net2"], stored.Select(e => e.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NotReady_BeforeSync_NamesTheInformers_AndIsNullAfter()
    {
        await using var world = await NodeApiWorld.StartAsync();
        var access = world.Open();

        var before = access.NotReady;
        await access.StartAsync(NodeApiWorld.Ct);

        Assert.Equal("informers not synced: pods, network-attachment-definitions, node", before);
        Assert.Null(access.NotReady);
        Assert.True(await world.MetricAsync("multi_daemon_informer_last_event_age_seconds{informer=\"pods\"}") >= 0);
    }

    [Fact]
    public async Task ReadPod_AfterAConflictingStatusWrite_IsReadFromTheServer()
    {
        await using var world = await NodeApiWorld.StartAsync();
        await world.PodAsync("web");
        var access = await world.StartAccessAsync();
        var api = access.Factory.Create("/ignored", CniCommand.Add);
        var pods = new PodApi(api);
        var pod = await pods.ReadPodAsync("apps", "web", NodeApiWorld.Ct);
        var mark = world.Mark();

        var replaced = pod with { Uid = "00000000-0000-0000-0000-000000000000" }; // the UID precondition fails: 409
        var failure = await Assert.ThrowsAsync<CniException>(() => pods.WriteNetworkStatusAsync(replaced, Status, NodeApiWorld.Ct));

        Assert.Equal(CniErrorCode.PodIdentity, failure.Error.Code);
        Assert.Equal(["PATCH", "GET"], world.RequestsSince(mark).Select(r => r.Method));
        Assert.Equal(1, await world.MetricAsync("multi_daemon_cache_misses_total{kind=\"pod\"}"));
    }
}
