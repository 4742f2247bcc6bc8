namespace Multi.Bench.Daemon;

/// <summary>
/// One pod in Kubernetes mode on the three paths: the shim forwarding to the daemon, the thin path (multi in-process) and the
/// delegates called directly; ADD and DEL in ms, and the API requests each multi ADD and DEL made (events apart).
/// </summary>
internal sealed record DaemonPodSample(
    int Pod,
    string Order,
    double DaemonAddMs,
    double DaemonDelMs,
    double ThinAddMs,
    double ThinDelMs,
    double DirectAddMs,
    double DirectDelMs,
    int DaemonAddRequests,
    int DaemonDelRequests,
    int ThinAddRequests,
    int ThinDelRequests)
{
    /// <summary>The same direct calls a second time on the same pod.</summary>
    public double DirectAgainAddMs { get; init; }

    public double DirectAgainDelMs { get; init; }

    /// <summary>Direct again − direct: what the delegates alone vary by from one run to the next (the overhead's noise).</summary>
    public double DirectNoiseMs => Math.Round(DirectAgainAddMs + DirectAgainDelMs - DirectMs, 3);

    /// <summary>Two starts of the floor program on this pod's turn (0 without one): what the shim's two starts cannot go below.</summary>
    public double FloorMs { get; init; }

    /// <summary>The overhead above the floor: the shim's and the daemon's own work.</summary>
    public double AboveFloorMs => Math.Round(DaemonOverheadMs - FloorMs, 3);

    public double DaemonMs => Math.Round(DaemonAddMs + DaemonDelMs, 3);

    public double ThinMs => Math.Round(ThinAddMs + ThinDelMs, 3);

    public double DirectMs => Math.Round(DirectAddMs + DirectDelMs, 3);

    public double DaemonOverheadMs => Math.Round(DaemonMs - DirectMs, 3);

    public double ThinOverheadMs => Math.Round(ThinMs - DirectMs, 3);
}
