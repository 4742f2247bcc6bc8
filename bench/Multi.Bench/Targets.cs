namespace Multi.Bench;

/// <summary>The goals the issue sets for the meta-plugin.</summary>
internal static class Targets
{
    /// <summary>multi ADD+DEL minus the same delegates called directly, median per pod.</summary>
    public const double PodOverheadMedianMs = 5;

    /// <summary>multi VERSION median over Debian's Go <c>bridge</c> VERSION median.</summary>
    public const double VersionRatio = 2;

    /// <summary>API requests on the ADD path of a pod with secondary networks: pod, NADs, status (issue 3).</summary>
    public const int MaxApiRequestsPerAdd = 3;

    /// <summary>Through the shim and the daemon: multi ADD+DEL minus direct, p99 per pod (node-daemon.md, section 7).</summary>
    public const double DaemonOverheadP99Ms = 15;

    /// <summary>API requests on the daemon's ADD path: the network-status write only (events go after the answer).</summary>
    public const int DaemonMaxAddRequests = 1;

    /// <summary>The daemon's resident memory at rest, MiB (Multus thick 4.1.4: 32 MB).</summary>
    public const double DaemonRestRssMiB = 48;

    /// <summary>The daemon's resident memory at the peak of a 64-pod burst, MiB (delegate children are processes of their own).</summary>
    public const double DaemonPeakRssMiB = 128;
}
