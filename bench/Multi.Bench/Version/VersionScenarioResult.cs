using Multi.Bench.Measurement;

namespace Multi.Bench.Version;

/// <summary>VERSION start-up of multi against Debian's Go bridge plugin (and the floor program, when given), with every measured run.</summary>
internal sealed record VersionScenarioResult(
    int Runs,
    int WarmupRuns,
    Distribution Multi,
    Distribution Bridge,
    double Ratio,
    double TargetRatio,
    bool Pass,
    IReadOnlyList<double> MultiMs,
    IReadOnlyList<double> BridgeMs,
    Distribution? Floor = null,
    IReadOnlyList<double>? FloorMs = null)
{
    public static VersionScenarioResult From(int warmupRuns, IReadOnlyList<double> multiMs, IReadOnlyList<double> bridgeMs, IReadOnlyList<double>? floorMs = null)
    {
        var multi = Distribution.Of(multiMs);
        var bridge = Distribution.Of(bridgeMs);
        var ratio = Math.Round(multi.MedianMs / bridge.MedianMs, 3);
        var floor = floorMs is { Count: > 0 } ? Distribution.Of(floorMs) : null;
        return new VersionScenarioResult(multiMs.Count, warmupRuns, multi, bridge, ratio, Targets.VersionRatio, ratio <= Targets.VersionRatio, multiMs, bridgeMs, floor, floor is null ? null : floorMs);
    }
}
