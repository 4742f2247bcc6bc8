namespace Multi.Bench.Measurement;

/// <summary>Both paths on one pod namespace; <see cref="First"/> names the path that ran first.</summary>
internal sealed record PodSample(int Pod, string First, PathSample Multi, PathSample Direct)
{
    public double OverheadMs => Distribution.Round(Multi.TotalMs - Direct.TotalMs);
}
