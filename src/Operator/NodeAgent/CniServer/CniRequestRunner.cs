using System.Text;
using Multi.Cni;
using Multi.Cni.Delegation;
using Multi.Cni.Ipam;
using Multi.Cni.Netns;
using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>
/// Runs one admitted request with the same engine as the <c>multi</c> executable, reading Kubernetes through the node's
/// <see cref="INodeApiAccess"/>, multi-ipam with the node's <paramref name="reservations"/> when it keeps any. What the plugin would print on stderr is collected per request and goes back in the answer.
/// The daemon survives anything a request throws: an unexpected exception is a CNI error 999 naming it.
/// </summary>
internal sealed class CniRequestRunner(INodeApiAccess access, string nodeName, DaemonMetrics metrics, TimeProvider clock, Random random, IIpamReservations? reservations = null)
{
    public async Task<DaemonResponse> RunAsync(DaemonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var stderr = new StringWriter();
        PluginOutcome outcome;
        try
        {
            outcome = request.Plugin == DaemonPlugin.MultiIpam
                ? await new IpamPlugin(access.Factory, clock, random, nodeName, stderr, reservations: reservations).RunAsync(request.Environment, request.Stdin, cancellationToken).ConfigureAwait(false)
                : await Dispatcher(stderr).RunAsync(request.Environment, request.Stdin, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = new CniError(CniErrorCode.Internal, $"unexpected internal error in the multi daemon: {ex.GetType().Name}: {ex.Message}");
            return DaemonAnswers.Error(DaemonStatus.Answered, error, CniRequestParser.VersionEcho(request.Stdin)) with { Stderr = Encoding.UTF8.GetBytes(stderr.ToString()) };
        }

        return new DaemonResponse(DaemonStatus.Answered, outcome.ExitCode, Encoding.UTF8.GetBytes(outcome.Stdout), Encoding.UTF8.GetBytes(stderr.ToString()));
    }

    private Dispatcher Dispatcher(TextWriter stderr) => new(
        new TimedPluginExecutor(new ProcessPluginExecutor(clock), metrics, clock),
        new NetnsInterfaceProbe(),
        new IpRouteEditor(clock),
        access.Factory,
        clock,
        stderr) { LongLived = true };
}
