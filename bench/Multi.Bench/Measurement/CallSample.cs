namespace Multi.Bench.Measurement;

/// <summary>One plugin process: from just before it started until its exit was observed, output read.</summary>
internal sealed record CallSample(string Plugin, string Command, string IfName, double Ms)
{
    public static CallSample Of(string plugin, string command, string ifName, TimeSpan elapsed) =>
        new(plugin, command, ifName, Distribution.Round(elapsed.TotalMilliseconds));
}
