using System.Globalization;

namespace Multi.Bench;

/// <summary>What to run and where: counts of measured and warm-up runs, the state directory and the results directory.</summary>
internal sealed record BenchOptions(int Pods, int WarmupPods, int VersionRuns, int WarmupVersionRuns, string StateDir, string ResultsDir, int KubePods = 60, int DaemonPods = 60, int BurstPods = 1000, int BurstConcurrency = 64, string? Only = null, string? Floor = null)
{
    public const string Usage =
        "usage: Multi.Bench --state-dir DIR [--results DIR] [--pods N (>= 50)] [--kube-pods N (>= 50)] [--warmup-pods N] [--version-runs N (>= 300)] [--daemon-pods N (>= 50)] [--burst-pods N (>= 64)] [--burst-concurrency N (>= 1)] [--only thick (the per-pod thick-mode comparison alone, printed, no results files)] [--floor PATH (a static program answering VERSION: the floor of any shim)]";

    /// <summary>Parses <c>--name value</c> pairs; returns null with <paramref name="error"/> set when they are invalid.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, string repoRoot, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"unexpected argument \"{args[i]}\"";
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        var unknown = values.Keys.Except(["state-dir", "results", "pods", "kube-pods", "warmup-pods", "version-runs", "daemon-pods", "burst-pods", "burst-concurrency", "only", "floor"]).FirstOrDefault();
        var options = new BenchOptions(
            Int(values, "pods", 60),
            Int(values, "warmup-pods", 5),
            Int(values, "version-runs", 300),
            20,
            values.GetValueOrDefault("state-dir", string.Empty),
            values.GetValueOrDefault("results", Path.Combine(repoRoot, "bench", "results")),
            Int(values, "kube-pods", 60),
            Int(values, "daemon-pods", 60),
            Int(values, "burst-pods", 1000),
            Int(values, "burst-concurrency", 64),
            values.GetValueOrDefault("only"),
            values.GetValueOrDefault("floor"));
        error = unknown is not null ? $"unknown option --{unknown}"
            : options.StateDir.Length == 0 ? "--state-dir is required (bench/run.sh creates and removes it)"
            : options.Pods < 50 ? "--pods must be at least 50"
            : options.KubePods < 50 ? "--kube-pods must be at least 50"
            : options.DaemonPods < 50 ? "--daemon-pods must be at least 50"
            : options.BurstPods < 64 ? "--burst-pods must be at least 64"
            : options.BurstConcurrency < 1 ? "--burst-concurrency must be at least 1"
            : options.Only is not (null or "thick") ? $"--only takes \"thick\", not \"{options.Only}\""
            : options.WarmupPods < 0 ? "--warmup-pods must not be negative"
            : options.VersionRuns < 300 ? "--version-runs must be at least 300"
            : null;
        return error is null ? options : null;
    }

    private static int Int(Dictionary<string, string> values, string key, int fallback) =>
        !values.TryGetValue(key, out var text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
        : -1;
}
