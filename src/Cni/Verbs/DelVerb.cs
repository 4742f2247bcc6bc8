using Multi.Cni.Logging;
using Multi.Cni.Networks;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Delegates;
using Multi.Core.State;

namespace Multi.Cni.Verbs;

/// <summary>
/// DEL (cni-protocol.md, sections 4 and 10; npwg-behaviour.md, section 12). The delegates come from Multi's cache
/// entry, else from a Multus cache file for the container (migration), else re-derived from the pod and its NADs
/// (Kubernetes mode) or the configuration. Delegates run in reverse order, all attempted, errors combined.
/// Succeeds when repeated, when the netns, the cache, the pod or the API server is gone, and when no ADD happened.
/// </summary>
internal static class DelVerb
{
    public static async Task RunAsync(VerbContext ctx)
    {
        if (!Readiness.IsReady(ctx))
        {
            ctx.Logger.ReadinessMissingOnDel(ctx.Config.ReadinessIndicatorFile!);
        }

        if (ctx.Request.Netns.Length == 0 || !Path.Exists(ctx.Request.Netns))
        {
            ctx.Logger.NetnsGone(ctx.Request.Netns);
        }

        using var entryLock = await ctx.LockEntryAsync().ConfigureAwait(false);
        if (ctx.Cache.SweepTemporary(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName) is > 0 and var swept)
        {
            ctx.Logger.TemporaryFilesRemoved(swept, ctx.Request.ContainerId, ctx.Request.IfName);
        }

        var entry = ctx.Cache.Read(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName);
        string? multusFile = null;
        var attachments = entry?.Attachments.Where(a => a.State != AttachmentState.Deleted).ToList()
            ?? MultusCache.Read(ctx, out multusFile)
            ?? await RederiveAsync(ctx).ConfigureAwait(false);
        var errors = await ctx.DeleteAttachmentsAsync(attachments, ctx.Request.Netns).ConfigureAwait(false);

        if (errors.Count > 0 && ctx.Config.RetryDeleteOnError && (entry is not null || multusFile is not null))
        {
            throw new CniException(VerbContext.Combine(errors));
        }

        ctx.Cache.Remove(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName);
        MultusCache.Remove(multusFile);
        if (errors.Count > 0)
        {
            throw new CniException(VerbContext.Combine(errors));
        }
    }

    /// <summary>
    /// Without any cache the delegates are re-derived, without results: from the pod and its NADs (Kubernetes mode), else, or
    /// when the pod cannot be read, from the configuration alone, so that the cluster network and the configured networks
    /// are deleted all the same (npwg-behaviour.md, section 12).
    /// </summary>
    private static async Task<List<CachedAttachment>> RederiveAsync(VerbContext ctx)
    {
        if (ctx.KubernetesMode)
        {
            try
            {
                return await FromPodAsync(ctx).ConfigureAwait(false);
            }
            catch (CniException ex)
            {
                ctx.Logger.RederivingWithoutPod(ctx.Request.ContainerId, ctx.Request.IfName, ctx.Request.Args.Pod.ToString(), ex.Error.ToString());
            }
        }
        else
        {
            ctx.Logger.RederivingFromConfig(ctx.Request.ContainerId, ctx.Request.IfName);
        }

        return FromConfig(ctx);
    }

    /// <summary>The configured networks one by one: one that cannot be resolved is logged and skipped, not a reason to skip the rest.</summary>
    private static List<CachedAttachment> FromConfig(VerbContext ctx)
    {
        var (cluster, secondaries) = ctx.Networks.ResolveEach(ctx.Request.Args.Pod.Namespace, (network, error) =>
            ctx.Logger.ConfiguredNetworkUnresolved(ctx.Request.ContainerId, ctx.Request.IfName, network, error.ToString()));
        if (cluster is null)
        {
            ctx.Logger.NothingToDelete(ctx.Request.ContainerId, ctx.Request.IfName, "the cluster network cannot be resolved");
            return [];
        }

        var plan = AttachmentPlanner.Plan(ctx.Request.IfName, cluster, secondaries);
        if (!plan.IsOk)
        {
            ctx.Logger.NothingToDelete(ctx.Request.ContainerId, ctx.Request.IfName, plan.Error.ToString());
            return [];
        }

        return [.. AddVerb.Pending(ctx, AttachmentPlan.FromConfig(plan.Value))];
    }

    /// <summary>The pod and its NADs as they are now; a UID mismatch is only logged (npwg-behaviour.md, section 11).</summary>
    private static async Task<List<CachedAttachment>> FromPodAsync(VerbContext ctx)
    {
        var api = ctx.OpenPodApi();
        var identity = ctx.Request.Args.Pod;
        var pod = await api.ReadPodAsync(identity.Namespace!, identity.Name!, ctx.Cancellation).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(identity.Uid) && pod.Uid != identity.Uid && !pod.IsStaticOrMirror)
        {
            ctx.Logger.DelUidMismatch(pod.QualifiedName, pod.Uid, identity.Uid);
        }

        ctx.Logger.RederivingFromPod(ctx.Request.ContainerId, ctx.Request.IfName, pod.QualifiedName);
        var plan = await new PodNetworkResolver(ctx.Config, ctx.Networks, api).ResolveAsync(pod, ctx.Request.IfName, events: null, ctx.Cancellation).ConfigureAwait(false);
        return [.. AddVerb.Pending(ctx, plan)];
    }
}
