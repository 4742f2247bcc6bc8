using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Multi.Runtime.Queue;
using Multi.Testing;
using Prometheus;

namespace Multi.Runtime.Tests.Queue;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task Add_KeyAlreadyQueued_IsHandedOutOnce()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal(2, queue.Length);
        Assert.Equal("a", (await queue.GetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal("b", (await queue.GetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsRedeliveredOnlyAfterDone()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var first = await queue.GetAsync(TestContext.Current.CancellationToken);

        queue.Add("a");
        Assert.Equal(0, queue.Length);
        var second = queue.GetAsync(TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        queue.Done(first.Key);
        Assert.Equal("a", (await second.AsTask().WaitAsync(TestCluster.Deadline(5))).Key);
    }

    [Fact]
    public async Task GetAsync_ManyWorkersAndKeys_NeverHandsAKeyToTwoWorkersAndLosesNoAdd()
    {
        using var queue = new WorkQueue<int>("test", RateLimiters.Default<int>(time), time);
        var inFlight = new ConcurrentDictionary<int, int>();
        var processedAfterLastAdd = new ConcurrentDictionary<int, bool>();
        var overlaps = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var item = await queue.GetAsync(stop.Token);
                if (item.Shutdown)
                    return;
                if (!inFlight.TryAdd(item.Key, 1))
                    Interlocked.Increment(ref overlaps);
                processedAfterLastAdd[item.Key] = true;
                await Task.Yield();
                inFlight.TryRemove(item.Key, out int _);
                queue.Done(item.Key);
            }
        })).ToArray();

        var random = new Random(42);
        for (var round = 0; round < 20_000; round++)
        {
            var key = random.Next(50);
            processedAfterLastAdd[key] = false;
            queue.Add(key);
        }

        await Eventually(() => processedAfterLastAdd.Values.All(done => done) && queue.Length == 0);
        await queue.ShutDownWithDrainAsync(TestCluster.Deadline(5));
        await Task.WhenAll(workers).WaitAsync(TestCluster.Deadline(5));
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task AddAfter_WhenTimeAdvances_AddsTheKey()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, queue.Length);
        Assert.Equal("a", (await queue.GetAsync(TestContext.Current.CancellationToken)).Key);
    }

    [Fact]
    public void AddRateLimited_RepeatedFailures_WaitsExponentiallyLongerUntilForget()
    {
        using var queue = new WorkQueue<string>("test", new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)), time);
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        Take(queue);

        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Length);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
        Assert.Equal(2, queue.NumRequeues("a"));
        Take(queue);

        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public async Task ShutDownWithDrainAsync_KeyInFlight_WaitsForDone()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("b");
        var item = await queue.GetAsync(TestContext.Current.CancellationToken);

        var drain = queue.ShutDownWithDrainAsync(TestCluster.Deadline(5));
        queue.Add("c");
        Assert.False(drain.IsCompleted);
        Assert.Equal("b", (await queue.GetAsync(TestContext.Current.CancellationToken)).Key);
        queue.Done("b");
        Assert.False(drain.IsCompleted);
        queue.Done(item.Key);

        await drain;
        Assert.True((await queue.GetAsync(TestContext.Current.CancellationToken)).Shutdown);
    }

    [Fact]
    public async Task GetAsync_WaitingWhenShutDown_ReturnsShutdown()
    {
        using var queue = NewQueue();
        var waiting = queue.GetAsync(TestContext.Current.CancellationToken);
        queue.ShutDown();

        Assert.True((await waiting.AsTask().WaitAsync(TestCluster.Deadline(5))).Shutdown);
        Assert.True((await queue.GetAsync(TestContext.Current.CancellationToken)).Shutdown);
        queue.AddAfter("late", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public async Task GetAsync_Cancelled_DoesNotSwallowALaterKey()
    {
        using var queue = NewQueue();
        using var cancel = new CancellationTokenSource();
        var waiting = queue.GetAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);

        queue.Add("a");
        Assert.Equal("a", (await queue.GetAsync(TestContext.Current.CancellationToken)).Key);
    }

    [Fact]
    public async Task Metrics_AddsAndProcessing_AreExportedByQueueName()
    {
        var registry = Metrics.NewCustomRegistry();
        using var queue = new WorkQueue<string>("widgets", RateLimiters.Default<string>(time), time, new QueueMetrics(registry));
        queue.Add("a");
        queue.AddRateLimited("b");
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Done((await queue.GetAsync(TestContext.Current.CancellationToken)).Key);

        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
        var exported = System.Text.Encoding.UTF8.GetString(text.ToArray());
        Assert.Contains("workqueue_adds_total{name=\"widgets\"} 2", exported, StringComparison.Ordinal);
        Assert.Contains("workqueue_retries_total{name=\"widgets\"} 1", exported, StringComparison.Ordinal);
        Assert.Contains("workqueue_depth{name=\"widgets\"} 1", exported, StringComparison.Ordinal);
        Assert.Contains("workqueue_queue_duration_seconds_count{name=\"widgets\"} 1", exported, StringComparison.Ordinal);
        Assert.Contains("workqueue_work_duration_seconds_count{name=\"widgets\"} 1", exported, StringComparison.Ordinal);
    }

    private static async Task Eventually(Func<bool> condition) =>
        await Support.Eventually.TrueAsync(condition, TestCluster.Deadline(10));

    private static void Take(WorkQueue<string> queue)
    {
        var item = queue.GetAsync(CancellationToken.None);
        Assert.True(item.IsCompleted);
        queue.Done(item.Result.Key);
    }

    private WorkQueue<string> NewQueue() => new("test", RateLimiters.Default<string>(time), time);
}
