using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

public sealed class DaemonHealthTests
{
    private const string Metrics =
        "# HELP multi_daemon_requests_total CNI requests the daemon disposed of.\n"
        + "# TYPE multi_daemon_requests_total counter\n"
        + "multi_daemon_requests_total{plugin=\"multi\",verb=\"DEL\",result=\"ok\"} 1\n"
        + "multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\",result=\"ok\"} 4\n"
        + "multi_daemon_requests_total{plugin=\"multi-ipam\",verb=\"ADD\",result=\"ok\"} 3\r\n"
        + "multi_daemon_requests_total{result=\"error\",verb=\"ADD\",plugin=\"multi\"} 1e0\n"
        + "multi_daemon_requests_total{plugin=\"multi\",verb=\"CHECK\",result=\"unavailable\"} 0\n"
        + "multi_daemon_requests_total_created{plugin=\"multi\",verb=\"ADD\",result=\"ok\"} 1700000000\n"
        + "multi_daemon_request_duration_seconds_bucket{plugin=\"multi\",verb=\"ADD\",le=\"0.5\"} 4\n"
        + "multi_daemon_inflight{plugin=\"multi\"} 1\n"
        + "multi_daemon_inflight{plugin=\"multi-ipam\"} 1\n"
        + "multi_daemon_cache_misses_total{kind=\"Pod\"} 2\n"
        + "multi_daemon_cache_misses_total{kind=\"Nad\"} 1\n"
        + "multi_daemon_api_requests_total{method=\"PATCH\"} 4\n"
        + "multi_daemon_api_requests_total{method=\"GET\"} 2\n";

    [Fact]
    public void RequestCounts_PrometheusText_SumsPerPluginVerbAndResultInLifeCycleOrder()
    {
        var counts = DaemonHealth.RequestCounts(Metrics);

        Assert.Equal(["multi ADD error 1", "multi ADD ok 4", "multi DEL ok 1", "multi-ipam ADD ok 3"], counts.Select(c => c.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# HELP multi_daemon_requests_total x\n# TYPE multi_daemon_requests_total counter\n")]
    [InlineData("multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\",result=\"ok\"} 0\n")]
    public void RequestCounts_NoRequests_Empty(string metrics)
    {
        Assert.Empty(DaemonHealth.RequestCounts(metrics));
    }

    [Fact]
    public void RequestCounts_SameKeyTwice_AddsUpAndAMissingLabelCountsUnderQuestionMark()
    {
        var counts = DaemonHealth.RequestCounts(
            "multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\",result=\"ok\"} 2\n"
            + "multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\",result=\"ok\"} 3\n"
            + "multi_daemon_requests_total{plugin=\"multi\",verb=\"ADD\"} 1\n");

        Assert.Equal(["multi ADD ? 1", "multi ADD ok 5"], counts.Select(c => c.ToString()));
    }

    [Fact]
    public void WithMetrics_FillsRequestsInflightCacheMissesAndApiRequests()
    {
        var health = new DaemonHealth(true, "200 ok", "200 ok", null, null, null, null).WithMetrics(Metrics);

        Assert.Equal(4, health.RequestsOf("multi", "ADD", "ok"));
        Assert.Equal(1, health.RequestsOf("multi", "DEL", "ok"));
        Assert.Equal(0, health.RequestsOf("multi", "DEL", "error"));
        Assert.Equal(2, health.Inflight);
        Assert.Equal("Nad=1, Pod=2", string.Join(", ", health.CacheMisses!.Select(m => $"{m.Key}={m.Value}")));
        Assert.Equal(6, health.ApiRequests);
    }

    [Fact]
    public void WithMetrics_NoDaemonSeries_ZerosAndNoneRatherThanUnknown()
    {
        var health = DaemonHealth.NotRunning.WithMetrics("process_cpu_seconds_total 1.5\n");

        Assert.Empty(health.Requests!);
        Assert.Equal(0, health.Inflight);
        Assert.Empty(health.CacheMisses!);
        Assert.Equal(0, health.ApiRequests);
        Assert.Equal(0, DaemonHealth.NotRunning.RequestsOf("multi", "ADD", "ok"));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("ok\n", "")]
    [InlineData("multi: daemon \"/run/x.sock\" not used (connect: No such file or directory); running in-process\n", "multi: daemon \"/run/x.sock\" not used (connect: No such file or directory); running in-process")]
    [InlineData("a\r\n  multi-ipam: daemon \"/s\" not used (refused); running in-process  \nb\n", "multi-ipam: daemon \"/s\" not used (refused); running in-process")]
    public void InProcessLines_Stderr_OnlyTheShimsFallbackLines(string stderr, string expected)
    {
        Assert.Equal(expected, string.Join("|", SandboxRunner.InProcessLines(stderr)));
    }
}
