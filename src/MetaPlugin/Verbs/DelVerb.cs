using Multi.Core.Cni;
using Multi.Core.Delegates;
using Multi.Core.State;
using Multi.MetaPlugin.Logging;

namespace Multi.MetaPlugin.Verbs;

/// <summary>
/// DEL (cni-protocol.md, sections 4 and 10): from the cache entry, or re-derived from the configuration when
/// there is none; delegates in reverse order, all attempted, errors combined. Succeeds when repeated, when the
/// netns or the cache is gone, and when no ADD ever happened.
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
        var entry = ctx.Cache.Read(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName);
        var attachments = entry?.Attachments.Where(a => a.State != AttachmentState.Deleted).ToList() ?? Rederive(ctx);
        var errors = await ctx.DeleteAttachmentsAsync(attachments, ctx.Request.Netns).ConfigureAwait(false);

        if (errors.Count > 0 && ctx.Config.RetryDeleteOnError && entry is not null)
        {
            throw new CniException(VerbContext.Combine(errors));
        }

        ctx.Cache.Remove(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName);
        if (errors.Count > 0)
        {
            throw new CniException(VerbContext.Combine(errors));
        }
    }

    /// <summary>Without a cache entry the delegates come from the configuration, without results; unresolvable means nothing to do.</summary>
    private static List<CachedAttachment> Rederive(VerbContext ctx)
    {
        try
        {
            var (cluster, secondaries) = ctx.Networks.Resolve(ctx.Request.Args.Pod.Namespace);
            var plan = AttachmentPlanner.Plan(ctx.Request.IfName, cluster, secondaries).Unwrap();
            ctx.Logger.RederivingFromConfig(ctx.Request.ContainerId, ctx.Request.IfName);
            var args = ctx.Request.Args.ForDelegate(ctx.Request.ContainerId).ToString();
            return plan.Select(p => new CachedAttachment(p.Position, p.Origin, p.IfName, p.Network, args, ctx.Config.RuntimeConfig, AttachmentState.Pending, null)).ToList();
        }
        catch (CniException ex)
        {
            ctx.Logger.NothingToDelete(ctx.Request.ContainerId, ctx.Request.IfName, ex.Error.ToString());
            return [];
        }
    }
}
