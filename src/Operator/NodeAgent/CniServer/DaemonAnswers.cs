using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>The answers the daemon gives without running a plugin.</summary>
internal static class DaemonAnswers
{
    /// <summary>An error as the plugin prints it on stdout (exit 1), so the shim prints it as is.</summary>
    public static DaemonResponse Error(DaemonStatus status, CniError error, string? cniVersion = null) =>
        new(status, 1, System.Text.Encoding.UTF8.GetBytes(Multi.Cni.PluginOutcome.Failure(error, cniVersion ?? CniVersion.Latest).Stdout), []);

    /// <summary>
    /// Whether a peer may use the daemon: only root (uid 0), since whoever can talk to the socket can put interfaces into any
    /// network namespace. The socket's modes already keep others out; this is the second lock. Null when allowed.
    /// </summary>
    public static DaemonResponse? RefusePeer(uint? uid) => uid switch
    {
        0 => null,
        null => Error(DaemonStatus.Refused, new CniError(CniErrorCode.InvalidEnvironment, "the multi daemon cannot tell the caller's uid (SO_PEERCRED failed); only root may use the daemon")),
        _ => Error(DaemonStatus.Refused, new CniError(CniErrorCode.InvalidEnvironment, $"the caller's uid is {uid}: only root (uid 0) may use the multi daemon")),
    };
}
