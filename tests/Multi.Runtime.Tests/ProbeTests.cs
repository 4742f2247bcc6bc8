using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Multi.Runtime.Informers;
using Multi.Runtime.Tests.Support;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Runtime.Tests;

public sealed class ProbeTests
{
    [Fact]
    public async Task Probes_BeforeAndAfterSync_AnswerHealthReadinessAndMetrics()
    {
        var deadline = TestCluster.Deadline(20);
        var refuse = true;
        await using var cluster = await TestCluster.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = request => Volatile.Read(ref refuse) && request.Path.EndsWith("/pods", StringComparison.Ordinal) ? ApiFault.ServiceUnavailable() : null,
        });
        await using var manager = new ControllerManager(new ManagerOptions { ProbeAddress = "http://127.0.0.1:0" }, cluster.Client, TimeProvider.System, NullLoggerFactory.Instance);
        var pods = manager.AddInformer("pods", ListWatchers.For<V1Pod>(cluster.Client, "", "v1", "pods"));
        manager.AddController("pods", new RecordingReconciler("m")).For(pods);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var run = manager.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => manager.ProbeUri is not null, deadline, "the probe endpoint");
        using var http = new HttpClient { BaseAddress = manager.ProbeUri };

        Assert.Equal(200, (int)(await http.GetAsync("/healthz", deadline)).StatusCode);
        var notReady = await http.GetAsync("/readyz", deadline);
        Assert.Equal(503, (int)notReady.StatusCode);
        Assert.Contains("pods", await notReady.Content.ReadAsStringAsync(deadline), StringComparison.Ordinal);
        Volatile.Write(ref refuse, false);
        await Eventually.TrueAsync(() => manager.HasSynced, deadline, "sync");

        Assert.Equal(200, (int)(await http.GetAsync("/readyz", deadline)).StatusCode);
        var metrics = await http.GetStringAsync("/metrics", deadline);
        foreach (var name in new[]
        {
            "controller_runtime_reconcile_total", "controller_runtime_reconcile_errors_total", "controller_runtime_reconcile_time_seconds",
            "controller_runtime_active_workers", "workqueue_depth", "workqueue_adds_total", "workqueue_retries_total",
            "workqueue_queue_duration_seconds", "workqueue_work_duration_seconds", "informer_last_event_age_seconds{informer=\"pods\"}",
            "informer_relists_total", "informer_objects",
        })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        await stop.CancelAsync();
        await run.WaitAsync(deadline);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/healthz", deadline));
    }
}
