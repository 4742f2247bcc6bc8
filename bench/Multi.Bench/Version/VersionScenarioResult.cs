using Multi.Bench.Measurement;

namespace Multi.Bench.Version;

/// <summary>VERSION start-up of multi against Debian's Go bridge plugin, with every measured run.</summary>
internal sealed record VersionScenarioResult(
    int Runs,
    int WarmupRuns,
    Distribution Multi,
    Distribution Bridge,
    double Ratio,
    double TargetRatio,
    bool Pass,
    IReadOnlyList<double> MultiMs,
    IReadOnlyList<double> BridgeMs)
{
    public static VersionScenarioResult From(int warmupRuns, IReadOnlyList<double> multiMs, IReadOnlyList<double> bridgeMs)
    {
        var multi = Distribution.Of(multiMs);
        var bridge = Distribution.Of(bridgeMs);
        var ratio = Math.Round(multi.MedianMs / bridge.MedianMs, 3);
        return new VersionScenarioResult(multiMs.Count, warmupRuns, multi, bridge, ratio, Targets.VersionRatio, ratio <= Targets.VersionRatio, multiMs, bridgeMs);
    }
}
