using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Multi.Bench.Reclaim;

/// <summary>
/// One audit of one pool as seen from both sides: the LIST pages the server received (arrival of the first and the last),
/// and the operator's own log line for it (claims, pages, candidates, milliseconds: the value its histogram observed).
/// </summary>
internal sealed partial record AuditPass(string Pool, int Pass, int Pages, long FirstPageAt, long LastPageAt, int Claims, int LoggedPages, int Candidates, double Milliseconds, long LoggedAt)
{
    public double PageSpanMs => Stopwatch.GetElapsedTime(FirstPageAt, LastPageAt).TotalMilliseconds;

    /// <summary>Pairs the n-th run of pages of each pool (a run starts at a page without a continue token) with the n-th log line of that pool.</summary>
    public static List<AuditPass> From(IReadOnlyList<ObservedRequest> requests, IEnumerable<(long At, string Line)> lines)
    {
        var logged = lines.Select(l => (l.At, Match: AuditedLine().Match(l.Line))).Where(l => l.Match.Success)
            .GroupBy(l => l.Match.Groups[1].Value).ToDictionary(g => g.Key, g => g.ToList());
        var passes = new List<AuditPass>();
        foreach (var pool in requests.Where(r => RequestKind.Of(r) == RequestKind.AuditPage).GroupBy(r => RequestKind.Pool(r)!))
        {
            var runs = new List<List<ObservedRequest>>();
            foreach (var page in pool.OrderBy(r => r.At))
            {
                if (RequestKind.IsFirstPage(page) || runs.Count == 0)
                {
                    runs.Add([]);
                }

                runs[^1].Add(page);
            }

            for (var n = 0; n < runs.Count; n++)
            {
                var (at, line) = logged.TryGetValue(pool.Key, out var list) && n < list.Count ? list[n] : (0L, null);
                passes.Add(new AuditPass(pool.Key, n + 1, runs[n].Count, runs[n][0].At, runs[n][^1].At,
                    Int(line, 2), Int(line, 3), Int(line, 4), line is null ? double.NaN : double.Parse(line.Groups[5].Value, CultureInfo.InvariantCulture), at));
            }
        }

        return [.. passes.OrderBy(p => p.Pass).ThenBy(p => p.FirstPageAt)];
    }

    private static int Int(Match? m, int group) => m is null ? -1 : int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"audited pool (\S+): (\d+) claims in (\d+) pages, (\d+) handed to reclaim, ([\d.]+) ms")]
    private static partial Regex AuditedLine();
}
