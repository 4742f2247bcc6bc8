using System.Globalization;
using System.Text.RegularExpressions;

namespace Multi.Bench.Reclaim;

/// <summary>The operator's <c>/metrics</c> text, summed per metric name over the label sets that match a filter.</summary>
internal sealed partial class OperatorMetrics(string text)
{
    public static async Task<OperatorMetrics> ScrapeAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return new OperatorMetrics(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).ConfigureAwait(false));
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels contain <paramref name="labelFragment"/>.</summary>
    public double Sum(string name, string labelFragment = "") =>
        Sample().Matches(text).Where(m => m.Groups[1].Value == name && m.Groups[2].Value.Contains(labelFragment, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(\w+)(\{[^}]*\})?\s+(\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
