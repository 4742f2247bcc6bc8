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
}
