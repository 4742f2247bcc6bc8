using Multi.Bench.Measurement;
using Multi.Bench.Topology;
using Multi.Sandbox.Host;

namespace Multi.Bench.Pods;

/// <summary>
/// For each pod a fresh namespace, then both paths on it one after the other, the first path alternating from
/// pod to pod so neither always meets a warmer page cache or a longer bridge. Warm-up pods are run, not counted.
/// </summary>
internal sealed class PodScenario(BenchTopology topology, IPodPath multi, IPodPath direct, Action<string> progress)
{
    public async Task<PodScenarioResult> RunAsync(int pods, int warmupPods)
    {
        var samples = new List<PodSample>(pods);
        for (var i = 0; i < warmupPods + pods; i++)
        {
            var sample = await RunPodAsync(i, multiFirst: i % 2 == 0).ConfigureAwait(false);
            if (i >= warmupPods)
            {
                samples.Add(sample with { Pod = i - warmupPods });
            }

            if ((i + 1) % 10 == 0 || i + 1 == warmupPods)
            {
                progress($"pod: {i + 1}/{warmupPods + pods} ({warmupPods} warm-up) — last: multi {sample.Multi.TotalMs:0.0} ms, direct {sample.Direct.TotalMs:0.0} ms");
            }
        }

        ExpectNoStateLeft();
        return PodScenarioResult.From(warmupPods, samples);
    }

    private async Task<PodSample> RunPodAsync(int index, bool multiFirst)
    {
        var ns = await NetworkNamespace.CreateAsync(BenchTopology.PodNamespace(index)).ConfigureAwait(false);
        await using (ns.ConfigureAwait(false))
        {
            var pod = new BenchPod(index, ns);
            var (first, second) = multiFirst ? (multi, direct) : (direct, multi);
            var firstSample = await first.RunAsync(pod).ConfigureAwait(false);
            var secondSample = await second.RunAsync(pod).ConfigureAwait(false);
            var (m, d) = multiFirst ? (firstSample, secondSample) : (secondSample, firstSample);
            return new PodSample(index, first.Name, m, d);
        }
    }

    /// <summary>After every DEL nothing may remain: no cache entry of multi, no host-local lease of either path.</summary>
    private void ExpectNoStateLeft()
    {
        var leftovers = Files(topology.CacheDir).Where(f => f.EndsWith(".json", StringComparison.Ordinal))
            .Concat(Files(topology.IpamDir).Where(f => Path.GetFileName(f) is var n && n != "lock" && !n.StartsWith("last_reserved_ip", StringComparison.Ordinal)))
            .ToList();
        if (leftovers.Count > 0)
        {
            throw new InvalidOperationException($"state left after DEL: {string.Join(", ", leftovers)}");
        }
    }

    private static IEnumerable<string> Files(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories) : [];
}
