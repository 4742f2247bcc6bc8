namespace Multi.Core.Daemon;

/// <summary>
/// How the daemon disposed of a request. Only <see cref="Answered"/> and <see cref="Refused"/> carry a CNI answer the shim
/// prints; the others tell the shim to run the request in-process (node-daemon.md, section 3).
/// </summary>
public enum DaemonStatus : byte
{
    /// <summary>The request ran (or was rejected as invalid input): stdout, stderr and the exit code are the CNI answer.</summary>
    Answered = 0,

    /// <summary>The daemon speaks another protocol version: the shim runs the request itself.</summary>
    VersionMismatch = 1,

    /// <summary>The daemon's queue is full or it is shutting down: the shim runs the request itself.</summary>
    Unavailable = 2,

    /// <summary>The caller is not root: the answer is a CNI error, printed as is.</summary>
    Refused = 3,
}
