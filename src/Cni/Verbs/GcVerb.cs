using System.Text.Json.Nodes;
using Multi.Cni.Logging;
using Multi.Core;
using Multi.Core.Cni;
using Multi.Core.Delegates;

namespace Multi.Cni.Verbs;

/// <summary>
/// GC (cni-protocol.md, section 11): delete stale cache entries as DEL would, then send each delegate network
/// its own translated list of valid attachments, but only when every valid attachment has a cache entry.
/// </summary>
internal static class GcVerb
{
    public static async Task RunAsync(VerbContext ctx)
    {
        var valid = ValidAttachments(ctx.Request.Config!);
        var (entries, unusable) = ctx.Cache.List(ctx.Config.Name);
        var plan = GcPlanner.Plan(valid, entries, Configured(ctx));
        var errors = new List<CniError>();

        foreach (var stale in plan.Stale)
        {
            ctx.Logger.GcStale(stale.ContainerId, stale.IfName);
            var staleCtx = ctx with { Request = ctx.Request with { ContainerId = stale.ContainerId, IfName = stale.IfName } };
            using var entryLock = await staleCtx.LockEntryAsync().ConfigureAwait(false);
            errors.AddRange(await staleCtx.DeleteAttachmentsAsync(stale.Attachments, netns: string.Empty).ConfigureAwait(false));
            ctx.Cache.Remove(ctx.Config.Name, stale.ContainerId, stale.IfName);
        }

        var validKeys = valid.Select(k => (k.ContainerId, k.IfName)).ToHashSet();
        ctx.Cache.SweepTemporaryExcept(ctx.Config.Name, validKeys);

        if (!plan.Complete)
        {
            var first = plan.MissingEntries[0];
            ctx.Logger.GcIncomplete(plan.MissingEntries.Length, $"{first.ContainerId}/{first.IfName} (unusable files: {unusable.Count})");
        }
        else
        {
            foreach (var network in plan.Networks)
            {
                errors.AddRange(await ctx.Runner.GcAsync(network, plan.ValidFor(network.Name), ctx.Cancellation).ConfigureAwait(false));
            }
        }

        if (errors.Count > 0)
        {
            throw new CniException(VerbContext.Combine(errors));
        }
    }

    /// <summary><c>cni.dev/valid-attachments</c>, falling back to <c>cni.dev/attachments</c>; neither is invalid, never an empty list.</summary>
    internal static List<AttachmentKey> ValidAttachments(JsonObject config)
    {
        var node = config["cni.dev/valid-attachments"] ?? config["cni.dev/attachments"]
            ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "GC needs \"cni.dev/valid-attachments\" (or \"cni.dev/attachments\")");
        if (node is not JsonArray list)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "\"cni.dev/valid-attachments\" must be an array");
        }

        try
        {
            return list.Select((n, i) => Json.AsObject(n, $"valid attachment {i}")).Select(o => new AttachmentKey(Json.RequireString(o, "containerID"), Json.RequireString(o, "ifname"))).ToList();
        }
        catch (FormatException ex)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"\"cni.dev/valid-attachments\" is malformed: {ex.Message}");
        }
    }

    private static IEnumerable<NetworkConfigList> Configured(VerbContext ctx)
    {
        try
        {
            return ctx.Networks.All().ToList();
        }
        catch (CniException ex)
        {
            ctx.Logger.GcConfigUnresolved(ex.Error.ToString());
            return [];
        }
    }
}
