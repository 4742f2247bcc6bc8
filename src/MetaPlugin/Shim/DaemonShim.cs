using System.Text;
using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Shim;

/// <summary>
/// The shim (node-daemon.md, sections 2 and 3): forwards a CNI request to the node daemon when the configuration names its
/// socket and the daemon answers, and prints the answer as its own. Otherwise — no socket configured, VERSION, the daemon
/// missing, refusing, slow, dying mid-request or of another protocol version — the caller runs the request in-process;
/// when a configured daemon was not used, one line on stderr says why. The daemon is an accelerator, never a single point
/// of failure.
/// </summary>
internal sealed class DaemonShim(TimeProvider clock)
{
    /// <summary>The argument the C shim execs this engine with after its own attempt at the daemon failed.</summary>
    public const string InProcessFlag = "--in-process";

    private const int StandardOutput = 1;
    private const int StandardError = 2;

    /// <summary>The exit code of the daemon's answer, already printed; null when the request must run in-process.</summary>
    public int? TryForward(DaemonPlugin plugin, CniEnvironment env, byte[] stdin)
    {
        if (env.Command == "VERSION" || !Forwardable(env) || DaemonTargetScanner.Find(plugin, stdin) is not { } target)
        {
            return null;
        }

        var request = DaemonProtocol.EncodeRequest(new DaemonRequest(plugin, env, stdin));
        var exchange = new DaemonClient(clock).Exchange(target, request);
        if (exchange.Response is { Status: DaemonStatus.Answered or DaemonStatus.Refused } answer)
        {
            UnixSocketCalls.WriteAll(StandardOutput, answer.Stdout);
            UnixSocketCalls.WriteAll(StandardError, answer.Stderr);
            return answer.ExitCode;
        }

        var problem = exchange.Problem ?? StatusProblem(exchange.Response);
        UnixSocketCalls.WriteAll(StandardError, Encoding.UTF8.GetBytes($"multi: daemon {Printable(target.SocketPath)} not used ({problem}); running in-process\n"));
        return null;
    }

    /// <summary>Why an answer that carries no CNI answer sends the request in-process.</summary>
    private static string StatusProblem(DaemonResponse? response) => response?.Status switch
    {
        DaemonStatus.VersionMismatch => "the daemon speaks another protocol version",
        DaemonStatus.Unavailable => "the daemon is busy or shutting down",
        { } other => "unknown answer status " + ((byte)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
        null => "no answer",
    };

    /// <summary>Variables the request encoding carries (the daemon refuses longer ones; in-process reports them as always).</summary>
    private static bool Forwardable(CniEnvironment env) =>
        Fits(env.Command) && Fits(env.ContainerId) && Fits(env.Netns) && Fits(env.IfName) && Fits(env.Args) && Fits(env.Path);

    private static bool Fits(string? value) => value is null || Encoding.UTF8.GetByteCount(value) <= DaemonProtocol.MaxVariableBytes;

    /// <summary>The path as configured, quoted and escaped only when it holds a control character (the message stays one line).</summary>
    private static string Printable(string path) => path.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 ? InputLimits.Quote(path) : path;
}
