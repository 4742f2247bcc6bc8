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
}
