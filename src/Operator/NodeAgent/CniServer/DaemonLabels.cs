using Multi.Core.Daemon;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>The label values of the daemon's metrics: a small closed set, whatever a caller sends.</summary>
internal static class DaemonLabels
{
    public const string Unknown = "unknown";

    public static string Plugin(DaemonPlugin plugin) => plugin switch
    {
        DaemonPlugin.Multi => "multi",
        DaemonPlugin.MultiIpam => "multi-ipam",
        _ => Unknown,
    };

    public static string Verb(string? command) => command switch
    {
        "ADD" or "DEL" or "CHECK" or "STATUS" or "GC" or "VERSION" => command,
        _ => Unknown,
    };

    public static string Result(DaemonResponse response) => response.Status switch
    {
        DaemonStatus.Answered => response.ExitCode == 0 ? "ok" : "error",
        DaemonStatus.Refused => "refused",
        _ => "unavailable",
    };
}
