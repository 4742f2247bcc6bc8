using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni.Kube;
using k8s;
using Multi.Operator.NodeAgent.CniServer.Kube;
using Multi.Operator.Tests.Support;
using Prometheus;

namespace Multi.Operator.Tests.CniServer.Kube;

public sealed class EventSenderTests
{
    [Fact]
    public void TryPost_QueueFull_DropsAndCounts()
    {
        var metrics = new NodeApiMetrics(Metrics.NewCustomRegistry());
        using var http = KubeApiClient.Create(new Kubeconfig("/k", "c", new Uri("http://127.0.0.1:9")), KubeRetryPolicy.Default, TimeProvider.System);
        var sender = new EventSender(http, new FakeTimeProvider(), metrics, NullLogger.Instance); // not running: nothing leaves the queue

        var queued = Enumerable.Range(0, EventSender.Capacity).Count(i => sender.TryPost(new PendingEvent("/api/v1/namespaces/apps/events", [])));
        var overflow = sender.TryPost(new PendingEvent("/api/v1/namespaces/apps/events", new JsonObject { ["reason"] = "Late" }));

        Assert.Equal(EventSender.Capacity, queued);
        Assert.False(overflow);
        Assert.Equal(1, metrics.EventsDropped.Value);
    }

    [Fact]
    public async Task RunAsync_ABurstAboveTheBucket_SendsTheBurstThenWaitsForTokens()
    {
        await using var world = await NodeApiWorld.StartAsync();
        var clock = new FakeTimeProvider();
        var metrics = new NodeApiMetrics(Metrics.NewCustomRegistry());
        using var http = KubeApiClient.Create(Path.Combine(world.Cluster.Directory, "kubeconfig"), KubeRetryPolicy.Default, clock);
        var sender = new EventSender(http, clock, metrics, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = sender.RunAsync(stop.Token);

        for (var i = 0; i < EventSender.Burst + 10; i++)
        {
            sender.TryPost(new PendingEvent("/api/v1/namespaces/apps/events", Event($"e-{i}")));
        }

        await Eventually.TrueAsync(async () => await CountAsync(world) == EventSender.Burst, "the burst at the server");
        await Task.Delay(200, NodeApiWorld.Ct); // the sender is waiting on the fake clock: nothing more arrives
        var afterBurst = await CountAsync(world);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(async () => await CountAsync(world) == EventSender.Burst + 10, "the rest once the bucket refilled");
        await stop.CancelAsync();
        await running;

        Assert.Equal(EventSender.Burst, afterBurst);
        Assert.Equal(EventSender.Burst + 10, metrics.EventsSent.Value);
    }

    private static async Task<int> CountAsync(NodeApiWorld world) =>
        (await world.Client.CoreV1.ListNamespacedEventAsync("apps", cancellationToken: NodeApiWorld.Ct)).Items.Count;

    private static JsonObject Event(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "apps" },
        ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = "apps", ["name"] = "web" },
        ["reason"] = "Test",
        ["message"] = name,
        ["type"] = "Normal",
    };
}
