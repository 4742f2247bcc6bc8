using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Multi.Core.Daemon;
using Multi.Operator.Hosting;
using Multi.Operator.NodeAgent.CniServer;
using Multi.Operator.Tests.Support;
using Multi.Testing;

namespace Multi.Operator.Tests.CniServer;

/// <summary>The hosted daemon as the agent runs it: registration, the node access started first, probes and metrics, shutdown.</summary>
public sealed class CniDaemonServiceTests
{
    [Fact]
    public async Task Host_DaemonEnabled_ServesTheSocketProbesAndMetrics_AndRemovesTheSocketOnStop()
    {
        using var dir = new TempDir();
        var socketPath = Path.Combine(dir.Path, "run", "multi.sock");
        var probe = $"http://127.0.0.1:{FreePort()}";
        var ct = TestContext.Current.CancellationToken;
        using var host = Build(new()
        {
            ["Operator:Mode"] = "agent",
            ["Operator:NodeName"] = "node-1",
            ["Operator:ProbeAddress"] = probe,
            ["Operator:Daemon:Enabled"] = "true",
            ["Operator:Daemon:SocketPath"] = socketPath,
        });

        await host.StartAsync(ct);
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(socketPath)), "the socket");
        var version = await DaemonClient.SendAsync(socketPath, new DaemonRequest(DaemonPlugin.MultiIpam, new Multi.Core.Cni.CniEnvironment("VERSION", null, null, null, null, null), "{\"cniVersion\":\"1.0.0\"}"u8.ToArray()));
        using var http = new HttpClient { BaseAddress = new Uri(probe) };
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
        await host.StopAsync(ct);

        Assert.Equal((DaemonStatus.Answered, 0), (version.Status, version.ExitCode));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("multi_daemon_requests_total{plugin=\"multi-ipam\",verb=\"VERSION\",result=\"ok\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("multi_daemon_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("multi_daemon_queue_wait_seconds_count{plugin=\"multi-ipam\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("multi_daemon_inflight{plugin=\"multi-ipam\"} 0", metrics, StringComparison.Ordinal);
        Assert.Equal(1, ((TestNodeApiAccess)host.Services.GetRequiredService<INodeApiAccess>()).Starts);
        Assert.False(File.Exists(socketPath), "the socket is removed on stop");
    }

    [Fact]
    public async Task Host_InvalidDaemonOption_FailsToStartNamingIt()
    {
        using var host = OperatorHost.Build(["--Operator:Mode=agent", "--Operator:NodeName=node-1", "--Operator:Daemon:MaxConcurrent=0", "--Operator:Daemon:SocketPath=relative.sock"]);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(ex.Failures, f => f.Contains("Operator:Daemon:MaxConcurrent", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Operator:Daemon:SocketPath", StringComparison.Ordinal));
    }

    /// <summary>The agent's registration plus the one line the merge adds: the node access.</summary>
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddOptions<OperatorOptions>().Bind(builder.Configuration.GetSection(OperatorOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLogging();
        builder.Services.AddCniDaemon(builder.Configuration);
        builder.Services.AddSingleton<INodeApiAccess, TestNodeApiAccess>();
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

}
