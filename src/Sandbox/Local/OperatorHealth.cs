using System.Globalization;
using System.Text.RegularExpressions;

namespace Multi.Sandbox.Local;

/// <summary>
/// The operator process as <c>status</c> finds it: alive or not, its <c>/healthz</c> answer (status code and body, or
/// why there is none) and <c>controller_runtime_reconcile_total</c> summed over results per controller.
/// </summary>
internal sealed partial record OperatorHealth(bool Alive, string? Healthz, IReadOnlyDictionary<string, double> Reconciles)
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

    [GeneratedRegex("""^controller_runtime_reconcile_total\{[^}]*\bcontroller="(?<controller>[^"]*)"[^}]*\}\s+(?<value>\S+)""")]
    private static partial Regex ReconcileSample();
}
