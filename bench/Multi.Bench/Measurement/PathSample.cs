namespace Multi.Bench.Measurement;

/// <summary>One path's ADD+DEL for one pod: the sum of its plugin processes' times.</summary>
internal sealed record PathSample(string Path, double TotalMs, IReadOnlyList<CallSample> Calls)
{
    public static PathSample Of(string path, IReadOnlyList<CallSample> calls) =>
        new(path, Distribution.Round(calls.Sum(c => c.Ms)), calls);

    public double CommandMs(string command) => Distribution.Round(Calls.Where(c => c.Command == command).Sum(c => c.Ms));
}
