using Multi.Sandbox.Local;

namespace Multi.Sandbox.Tests.Local;

public sealed class OperatorHealthTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("# HELP controller_runtime_reconcile_total x\n# TYPE controller_runtime_reconcile_total counter\n", "")]
    [InlineData("controller_runtime_reconcile_total{controller=\"clusternetwork\",result=\"success\"} 5\n", "clusternetwork=5")]
    [InlineData(
        "controller_runtime_reconcile_total{controller=\"nad-validation\",result=\"success\"} 6\n"
        + "controller_runtime_reconcile_total{controller=\"clusternetwork\",result=\"success\"} 9\n"
        + "controller_runtime_reconcile_total{controller=\"clusternetwork\",result=\"error\"} 2\n"
        + "controller_runtime_reconcile_errors_total{controller=\"clusternetwork\"} 2\n",
        "clusternetwork=11, nad-validation=6")]
    [InlineData("controller_runtime_reconcile_total{result=\"success\",controller=\"a\"} 1e1\r\n", "a=10")]
    public void ReconcilesPerController_PrometheusText_SumsTheCounterPerController(string metrics, string expected)
    {
        var totals = OperatorHealth.ReconcilesPerController(metrics);

        Assert.Equal(expected, string.Join(", ", totals.Select(t => $"{t.Key}={t.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("# HELP multi_ipam_gc_releases_total x\n# TYPE multi_ipam_gc_releases_total counter\n", 0)]
    [InlineData("multi_ipam_gc_releases_total{pool=\"sandbox-pool\",reason=\"pod-deleted\"} 1\n", 1)]
    [InlineData(
        "multi_ipam_gc_releases_total{pool=\"a\",reason=\"pod-deleted\"} 2\n"
        + "multi_ipam_gc_releases_total{pool=\"b\",reason=\"pod-terminal\"} 3\r\n"
        + "multi_ipam_gc_releases_total_created{pool=\"a\"} 1700000000\n"
        + "multi_ipam_gc_candidates_total{pool=\"a\"} 9\n",
        5)]
    public void ReclaimReleases_PrometheusText_SumsEveryPoolAndReason(string metrics, double expected)
    {
        Assert.Equal(expected, OperatorHealth.ReclaimReleases(metrics));
    }
}
