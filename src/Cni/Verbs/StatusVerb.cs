using Multi.Core.Cni;

namespace Multi.Cni.Verbs;

/// <summary>
/// STATUS: code 50 while the readiness indicator is missing; otherwise the cluster network delegate's own STATUS
/// when it speaks 1.1.0. Secondary networks are never consulted.
/// </summary>
internal static class StatusVerb
{
    public static async Task RunAsync(VerbContext ctx)
    {
        if (!Readiness.IsReady(ctx))
        {
            throw new CniException(CniErrorCode.CannotServeAdd, $"readiness indicator file {ctx.Config.ReadinessIndicatorFile} is missing");
        }

        Core.Delegates.AttachmentPlanner.Request cluster;
        try
        {
            cluster = ctx.Networks.Resolve(podNamespace: null).Cluster;
        }
        catch (CniException ex)
        {
            throw new CniException(CniErrorCode.CannotServeAdd, $"cluster network cannot be resolved: {ex.Error.Msg}", ex.Error.Details);
        }

        if (CniVersion.AtLeast(cluster.Network.CniVersion, CniVersion.V110))
        {
            await ctx.Runner.StatusAsync(cluster.Network, $"cluster network \"{cluster.Network.Name}\"", ctx.Cancellation).ConfigureAwait(false);
        }
    }
}
