using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Shim;

/// <summary>What one conversation with the daemon gave: its decoded answer, or why there is none (the shim then runs in-process).</summary>
internal sealed record DaemonExchange(DaemonResponse? Response, string? Problem)
{
    public static DaemonExchange Answer(DaemonResponse response) => new(response, null);

    public static DaemonExchange Unused(string problem) => new(null, problem);
}
