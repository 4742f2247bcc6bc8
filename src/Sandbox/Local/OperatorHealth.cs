using System.Globalization;
using System.Text.RegularExpressions;

namespace Multi.Sandbox.Local;

/// <summary>
/// The operator process as <c>status</c> finds it: alive or not, its <c>/healthz</c> answer (status code and body, or
/// why there is none), <c>controller_runtime_reconcile_total</c> summed over results per controller, and
/// <c>multi_ipam_gc_releases_total</c> summed over pools and reasons (the claims its reclaim released; null when
/// <c>/metrics</c> did not answer).
/// </summary>
internal sealed partial record OperatorHealth(bool Alive, string? Healthz, IReadOnlyDictionary<string, double> Reconciles, double? Reclaimed)
{
    /// <summary>Sums the counter's samples per <c>controller</c> label from prometheus text; other lines are ignored.</summary>
    public static IReadOnlyDictionary<string, double> ReconcilesPerController(string metrics)
    {
        var totals = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in metrics.Split('\n'))
        {
            var sample = ReconcileSample().Match(line.Trim());
            if (sample.Success && double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                var controller = sample.Groups["controller"].Value;
                totals[controller] = totals.GetValueOrDefault(controller) + value;
            }
        }

        return totals;
    }

    /// <summary>Sums every sample of <c>multi_ipam_gc_releases_total</c> (all pools and reasons) from prometheus text; 0 without samples.</summary>
    public static double ReclaimReleases(string metrics) => metrics.Split('\n')
        .Select(line => ReleaseSample().Match(line.Trim()))
        .Where(sample => sample.Success)
        .Sum(sample => double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0);

    [GeneratedRegex("""^controller_runtime_reconcile_total\{[^}]*\bcontroller="(?<controller>[^"]*)"[^}]*\}\s+(?<value>\S+)""")]
    private static partial Regex ReconcileSample();

    [GeneratedRegex("""^multi_ipam_gc_releases_total(\{[^}]*\})?\s+(?<value>\S+)""")]
    private static partial Regex ReleaseSample();
}
