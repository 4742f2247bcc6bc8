using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni.Kube;
using Multi.Operator.NodeAgent.CniServer.Kube;
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
}
