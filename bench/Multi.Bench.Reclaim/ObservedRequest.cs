namespace Multi.Bench.Reclaim;

/// <summary>One request as the embedded server received it, with the time it arrived (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
internal sealed record ObservedRequest(long At, string Method, string Path, string Query, string? UserAgent);
