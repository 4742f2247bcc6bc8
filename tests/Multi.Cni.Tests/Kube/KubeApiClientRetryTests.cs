using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni.Kube;
using Multi.Sandbox.ApiServer;
using Multi.Testing;

namespace Multi.Cni.Tests.Kube;

public sealed class KubeApiClientRetryTests
{
    private const string Namespace = "/api/v1/namespaces/default";

    [Fact]
    public async Task Get_503Twice_RetriedUntilSuccess()
    {
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = r => r.Sequence <= 2 ? ApiFault.ServiceUnavailable() : null });
        using var client = test.Client();

        var ns = await client.GetAsync(Namespace, TestContext.Current.CancellationToken);

        Assert.Equal("default", (string?)ns["metadata"]!["name"]);
        Assert.Equal(3, client.RequestCount);
        Assert.Equal(3, test.Server.RequestCount);
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(502, "BadGateway")]
    [InlineData(504, "Timeout")]
    [InlineData(429, "TooManyRequests")]
    public async Task Get_AlwaysTransientStatus_GivesUpAfterMaxAttempts(int code, string reason)
    {
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = _ => ApiFault.Status(code, reason, "busy") });
        using var client = test.Client(KubeTestServer.FastPolicy with { MaxAttempts = 3 });

        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(Namespace, TestContext.Current.CancellationToken));

        Assert.True(error.IsTransient);
        Assert.Equal((code, reason, 3), (error.StatusCode!.Value, error.Reason, error.Attempts));
        Assert.Equal($"GET {Namespace}: {code} {reason}: busy (gave up after 3 attempts)", error.Message);
        Assert.Equal(3, client.RequestCount);
    }

    [Fact]
    public async Task Create_ConnectionDropped_RetriedOnNewConnection()
    {
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = r => r.Sequence == 1 ? ApiFault.Dropped() : null });
        using var client = test.Client();

        var created = await client.CreateAsync("/api/v1/namespaces/default/pods", KubeApiClientTests.Pod("web"), TestContext.Current.CancellationToken);

        Assert.Equal("web", (string?)created["metadata"]!["name"]);
        Assert.Equal(2, client.RequestCount);
    }

    [Fact]
    public async Task Get_ServerDown_TransientFailureWithinTotalTimeout()
    {
        var address = ClosedLoopbackAddress();
        using var dir = new TempDir();
        File.WriteAllText(dir["config"], $"current-context: c\nclusters:\n- name: k\n  cluster: {{server: \"{address}\"}}\nusers:\n- name: u\n  user: {{token: top-secret-token}}\ncontexts:\n- name: c\n  context: {{cluster: k, user: u}}\n");
        var policy = new KubeRetryPolicy { MaxAttempts = 1000, RetryInterval = TimeSpan.FromMilliseconds(50), TotalTimeout = TimeSpan.FromSeconds(1) };
        using var client = KubeApiClient.Create(dir["config"], policy, TimeProvider.System);

        var started = TimeProvider.System.GetTimestamp();
        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(Namespace, TestContext.Current.CancellationToken));
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
        // The last attempt may be cut by the total bound before the refusal arrives on a loaded machine.
        Assert.True(
            error.Message.StartsWith($"GET {Namespace}: connection refused ({address.TrimEnd('/')})", StringComparison.Ordinal)
                || error.Message.StartsWith($"GET {Namespace}: no answer within", StringComparison.Ordinal),
            error.Message);
        Assert.DoesNotContain("top-secret-token", error.ToString(), StringComparison.Ordinal);
        Assert.InRange(client.RequestCount, 2, 21);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Get_SlowServer_EachAttemptTimesOutAndTheCallEndsInBound()
    {
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = _ => ApiFault.Delayed(TimeSpan.FromSeconds(30)) });
        var policy = new KubeRetryPolicy { AttemptTimeout = TimeSpan.FromMilliseconds(300), RetryInterval = TimeSpan.FromMilliseconds(50), TotalTimeout = TimeSpan.FromSeconds(1) };
        using var client = test.Client(policy);

        var started = TimeProvider.System.GetTimestamp();
        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(Namespace, TestContext.Current.CancellationToken));
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
        Assert.Contains("no answer within", error.ApiMessage, StringComparison.Ordinal);
        Assert.InRange(client.RequestCount, 2, 4);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Get_RetryAfterWithinBound_WaitsAsAsked()
    {
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = r => r.Sequence == 1 ? ApiFault.Status(429, "TooManyRequests", "slow down") with { RetryAfterSeconds = 1 } : null,
        });
        using var client = test.Client();

        var started = TimeProvider.System.GetTimestamp();
        await client.GetAsync(Namespace, TestContext.Current.CancellationToken);

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.95));
        Assert.Equal(2, client.RequestCount);
    }

    [Fact]
    public async Task Get_RetryAfterBeyondBound_GivesUpAtOnce()
    {
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = _ => ApiFault.ServiceUnavailable() with { RetryAfterSeconds = 60 },
        });
        using var client = test.Client();

        var started = TimeProvider.System.GetTimestamp();
        var error = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(Namespace, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.Equal(1, client.RequestCount);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Get_CallerCancels_OperationCanceled()
    {
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions { Faults = _ => ApiFault.Delayed(TimeSpan.FromSeconds(30)) });
        using var client = test.Client();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(Namespace, cancel.Token));
        Assert.Equal(1, client.RequestCount);
    }

    [Fact]
    public async Task Get_RetryInterval_RunsOnTheInjectedClock()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var test = await KubeTestServer.StartAsync(new EmbeddedApiServerOptions
        {
            Faults = r => r.Sequence == 1 ? Signal(first, ApiFault.ServiceUnavailable()) : null,
        });
        var clock = new FakeTimeProvider();
        var policy = new KubeRetryPolicy { RetryInterval = TimeSpan.FromHours(1), AttemptTimeout = TimeSpan.FromDays(1), TotalTimeout = TimeSpan.FromDays(2) };
        using var client = test.Client(policy, clock);
        var start = clock.GetUtcNow();

        var call = client.GetAsync(Namespace, TestContext.Current.CancellationToken);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        for (var i = 0; i < 500 && !call.IsCompleted; i++)
        {
            // A real hour never passes: only the fake clock moves the retry along.
            clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var ns = await call;
        Assert.Equal("default", (string?)ns["metadata"]!["name"]);
        Assert.Equal(2, client.RequestCount);
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromHours(1));
    }

    private static ApiFault Signal(TaskCompletionSource source, ApiFault fault)
    {
        source.TrySetResult();
        return fault;
    }

    /// <summary>An http URL on a loopback port that nothing listens on (bound, then released).</summary>
    private static string ClosedLoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
