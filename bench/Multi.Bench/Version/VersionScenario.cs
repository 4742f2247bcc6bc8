using Multi.Bench.Measurement;
using Multi.Sandbox.Runtime;

namespace Multi.Bench.Version;

/// <summary>
/// CNI VERSION (stdin <c>{"cniVersion":"1.0.0"}</c>) of multi and of Debian's bridge, interleaved and
/// alternating which goes first, each timed from process start to exit; with <paramref name="floorBinary"/>, also the
/// smallest program that answers VERSION (bench/floor/version-floor.c), the floor of any per-call binary.
/// </summary>
internal sealed class VersionScenario(ContainerRuntime runtime, string multiBinary, string bridgeBinary, Action<string> progress, string? floorBinary = null)
{
    public async Task<VersionScenarioResult> RunAsync(int runs, int warmupRuns)
    {
        var multiMs = new List<double>(runs);
        var bridgeMs = new List<double>(runs);
        var floorMs = new List<double>(floorBinary is null ? 0 : runs);
        for (var i = 0; i < warmupRuns + runs; i++)
        {
            double m, b;
            if (i % 2 == 0)
            {
                m = await TimeAsync(multiBinary).ConfigureAwait(false);
                b = await TimeAsync(bridgeBinary).ConfigureAwait(false);
            }
            else
            {
                b = await TimeAsync(bridgeBinary).ConfigureAwait(false);
                m = await TimeAsync(multiBinary).ConfigureAwait(false);
            }

            var f = floorBinary is null ? 0 : await TimeAsync(floorBinary).ConfigureAwait(false);
            if (i >= warmupRuns)
            {
                multiMs.Add(m);
                bridgeMs.Add(b);
                if (floorBinary is not null)
                {
                    floorMs.Add(f);
                }
            }

            if ((i + 1) % 100 == 0)
            {
                progress($"version: {i + 1}/{warmupRuns + runs} ({warmupRuns} warm-up)");
            }
        }

        return VersionScenarioResult.From(warmupRuns, multiMs, bridgeMs, floorMs);
    }

    private async Task<double> TimeAsync(string plugin)
    {
        var result = (await runtime.VersionAsync(plugin).ConfigureAwait(false)).EnsureSuccess($"{plugin} VERSION");
        return result.Json?["supportedVersions"] is not null
            ? CallSample.Of(Path.GetFileName(plugin), "VERSION", string.Empty, result.Elapsed).Ms
            : throw new InvalidOperationException($"{plugin} VERSION printed no supportedVersions: {result.Stdout}");
    }
}
