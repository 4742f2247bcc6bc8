using System.Globalization;
using Multi.Cni.Kube;
using Multi.Cni.Verbs;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// The <c>multi-ipam</c> personality of the binary: a CNI IPAM plugin allocating from IPPools through IPAllocation claims.
/// Validates the request like the meta-plugin, then runs the verb; every outcome becomes stdout and an exit status.
/// <paramref name="node"/> is this node's name (NODE_NAME or the host name, read by Program.cs); <paramref name="reservations"/>
/// is the node daemon's stock of node-reserved claims (null on the thin path).
/// </summary>
internal sealed class IpamPlugin(IKubeApiFactory kube, TimeProvider clock, Random random, string node, TextWriter stderr, IpamOptions? options = null, IIpamReservations? reservations = null)
{
    public async Task<PluginOutcome> RunAsync(CniEnvironment env, byte[] stdin, CancellationToken cancellationToken = default)
    {
        if (Dispatcher.Preliminary(env, stdin, out var request) is { } answered)
        {
            return answered;
        }

        try
        {
            return PluginOutcome.SuccessUtf8(await RunVerbAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (CniException ex)
        {
            return Failed(request, ex.Error);
        }
        catch (KubeApiException ex)
        {
            // Transport failures and 5xx/429 after the client's retries: the runtime retries the whole call.
            var code = ex.IsUnavailable ? CniErrorCode.TryAgainLater : CniErrorCode.Internal;
            return Failed(request, new CniError(code, $"multi-ipam {request.Command.Name()}: the API server failed", ex.Message));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Failed(request, new CniError(CniErrorCode.TryAgainLater, $"multi-ipam {request.Command.Name()} was cancelled"));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(request, new CniError(CniErrorCode.Internal, $"unexpected internal error in multi-ipam {request.Command.Name()}: {ex.Message}"));
        }
    }

    /// <summary>The verb's result as the JSON text to print; null for verbs that print nothing.</summary>
    private async Task<byte[]?> RunVerbAsync(CniInvocation request, CancellationToken ct)
    {
        // Only ADD uses a static request; DEL, CHECK and GC never fail on a malformed one.
        var config = (request.Command == CniCommand.Add
            ? IpamConfigParser.Parse(request.Config!, request.Args[DelegateInputs.CniArgsIp])
            : IpamConfigParser.ParseIgnoringRequests(request.Config!)).Unwrap();
        if (request.Command == CniCommand.Status)
        {
            return null;
        }

        var valid = request.Command == CniCommand.Gc ? GcVerb.ValidAttachments(request.Config!) : null;
        var api = kube.Create(config.Kubeconfig, request.Command);
        try
        {
            var pod = request.Args.Pod;
            var owner = new IpAllocationOwner(pod.Namespace ?? "", pod.Name ?? "", pod.Uid ?? "", request.ContainerId, request.IfName, node);
            var effective = options ?? IpamOptions.Default;
            using var journal = new IpamJournal(config.JournalDir, clock, effective.JournalFallbackWindow);
            var store = new IpamStore(api);
            var pools = new IpamPools(store, journal, clock, config.PoolCacheTtl, owner);
            var ctx = new IpamContext(request, config, store, pools, journal, owner, clock, random, effective, ct) { Reservations = reservations };
            switch (request.Command)
            {
                case CniCommand.Add:
                    return await IpamAdd.RunAsync(ctx).ConfigureAwait(false);
                case CniCommand.Del:
                    await IpamRelease.DelAsync(ctx).ConfigureAwait(false);
                    return null;
                case CniCommand.Check:
                    await IpamCheck.RunAsync(ctx).ConfigureAwait(false);
                    return null;
                case CniCommand.Gc:
                    var released = await IpamRelease.GcAsync(ctx, valid!).ConfigureAwait(false);
                    await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"multi-ipam GC: released {released} claims of node {node}")).ConfigureAwait(false);
                    return null;
                default:
                    throw new CniException(CniErrorCode.InvalidEnvironment, $"unknown CNI_COMMAND {request.Command}");
            }
        }
        finally
        {
            (api as IDisposable)?.Dispose();
        }
    }

    private PluginOutcome Failed(CniInvocation request, CniError error)
    {
        stderr.WriteLine($"multi-ipam {request.Command.Name()} {request.ContainerId}/{request.IfName} failed: {error}");
        return PluginOutcome.Failure(error, request.CniVersion);
    }
}
