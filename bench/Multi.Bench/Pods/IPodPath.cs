using Multi.Bench.Measurement;

namespace Multi.Bench.Pods;

/// <summary>One way of attaching a pod's three networks and removing them again, timed per plugin process.</summary>
internal interface IPodPath
{
    string Name { get; }

    /// <summary>ADD then DEL on <paramref name="pod"/>; throws when a call fails or the namespace is not as expected.</summary>
    Task<PathSample> RunAsync(BenchPod pod);
}
