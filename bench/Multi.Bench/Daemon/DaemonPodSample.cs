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
    public double DaemonMs => Math.Round(DaemonAddMs + DaemonDelMs, 3);

    public double ThinMs => Math.Round(ThinAddMs + ThinDelMs, 3);

    public double DirectMs => Math.Round(DirectAddMs + DirectDelMs, 3);

    public double DaemonOverheadMs => Math.Round(DaemonMs - DirectMs, 3);

    public double ThinOverheadMs => Math.Round(ThinMs - DirectMs, 3);
}
