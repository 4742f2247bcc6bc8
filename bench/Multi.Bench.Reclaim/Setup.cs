namespace Multi.Bench.Reclaim;

/// <summary>How long creating the cluster took, before the operator starts.</summary>
internal sealed class Setup
{
    public TimeSpan Leaks { get; set; }

    public TimeSpan Pods { get; set; }

    public TimeSpan Claims { get; set; }
}
