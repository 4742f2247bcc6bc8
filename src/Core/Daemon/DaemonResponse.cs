namespace Multi.Core.Daemon;

/// <summary>The daemon's answer: what the shim prints on stdout and stderr and the exit code it returns.</summary>
public sealed record DaemonResponse(DaemonStatus Status, int ExitCode, byte[] Stdout, byte[] Stderr)
{
    /// <summary>An answer that tells the shim to run the request in-process.</summary>
    public static DaemonResponse Fallback(DaemonStatus status) => new(status, 0, [], []);
}
