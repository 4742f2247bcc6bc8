using System.Globalization;
using System.Text.RegularExpressions;

namespace Multi.Sandbox.Local;

/// <summary>One <c>multi_daemon_requests_total</c> total: the requests of one plugin, verb and result.</summary>
internal sealed record DaemonRequestCount(string Plugin, string Verb, string Result, double Count)
{
    public override string ToString() => $"{Plugin} {Verb} {Result} {Count.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The node daemon as <c>status</c> finds it: alive or not, its <c>/healthz</c> and <c>/readyz</c> answers (status code
/// and body, or why there is none), and from <c>/metrics</c> (null when it did not answer): <c>multi_daemon_requests_total</c>
/// per plugin, verb and result, <c>multi_daemon_inflight</c> summed over plugins, <c>multi_daemon_cache_misses_total</c> per
/// kind and <c>multi_daemon_api_requests_total</c> summed over methods (what its CNI path sent to the API server).
/// </summary>
internal sealed partial record DaemonHealth(
    bool Alive,
    string? Healthz,
    string? Readyz,
    IReadOnlyList<DaemonRequestCount>? Requests,
    double? Inflight,
    IReadOnlyDictionary<string, double>? CacheMisses,
    double? ApiRequests)
{
    public static DaemonHealth NotRunning { get; } = new(false, null, null, null, null, null, null);

    /// <summary>The requests of one plugin, verb and result (0 when there are none or <c>/metrics</c> did not answer).</summary>
    public double RequestsOf(string plugin, string verb, string result) =>
        Requests?.Where(r => r.Plugin == plugin && r.Verb == verb && r.Result == result).Sum(r => r.Count) ?? 0;

    /// <summary>The health with everything <c>/metrics</c> says filled in from prometheus text.</summary>
    public DaemonHealth WithMetrics(string metrics) => this with
    {
        Requests = RequestCounts(metrics),
        Inflight = Sum(metrics, "multi_daemon_inflight"),
        CacheMisses = PerLabel(metrics, "multi_daemon_cache_misses_total", "kind"),
        ApiRequests = Sum(metrics, "multi_daemon_api_requests_total"),
    };

    /// <summary>
    /// <c>multi_daemon_requests_total</c> summed per plugin, verb and result (labels in any order; a sample without one of
    /// them counts under "?"), ordered by plugin, then verb, then result; samples of 0 are left out.
    /// </summary>
    public static IReadOnlyList<DaemonRequestCount> RequestCounts(string metrics)
    {
        var totals = new Dictionary<(string Plugin, string Verb, string Result), double>();
        foreach (var (labels, value) in Samples(metrics, "multi_daemon_requests_total"))
        {
            var key = (Label(labels, "plugin") ?? "?", Label(labels, "verb") ?? "?", Label(labels, "result") ?? "?");
            totals[key] = totals.GetValueOrDefault(key) + value;
        }

        return totals.Where(t => t.Value != 0)
            .Select(t => new DaemonRequestCount(t.Key.Plugin, t.Key.Verb, t.Key.Result, t.Value))
            .OrderBy(r => r.Plugin, StringComparer.Ordinal)
            .ThenBy(r => VerbOrder(r.Verb))
            .ThenBy(r => r.Verb, StringComparer.Ordinal)
            .ThenBy(r => r.Result, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every sample of a series summed (all labels); 0 without samples.</summary>
    public static double Sum(string metrics, string series) => Samples(metrics, series).Sum(s => s.Value);

    /// <summary>A series' samples summed per value of one label, in label order.</summary>
    public static IReadOnlyDictionary<string, double> PerLabel(string metrics, string series, string label)
    {
        var totals = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (labels, value) in Samples(metrics, series))
        {
            var key = Label(labels, label) ?? "?";
            totals[key] = totals.GetValueOrDefault(key) + value;
        }

        return totals;
    }

    /// <summary>The samples of exactly <paramref name="series"/> (not <c>_created</c>, <c>_bucket</c> …): label text and value.</summary>
    private static IEnumerable<(string Labels, double Value)> Samples(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
        {
            var sample = Sample().Match(line.Trim());
            if (sample.Success && sample.Groups["name"].Value == series
                && double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (sample.Groups["labels"].Value, value);
            }
        }
    }

    private static string? Label(string labels, string name) =>
        LabelPair().Matches(labels).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value;

    /// <summary>CNI's verbs in their life-cycle order; anything else after them.</summary>
    private static int VerbOrder(string verb) => verb switch
    {
        "ADD" => 0,
        "CHECK" => 1,
        "DEL" => 2,
        "STATUS" => 3,
        "GC" => 4,
        "VERSION" => 5,
        _ => 6,
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>[^""]*)""")]
    private static partial Regex LabelPair();
}
