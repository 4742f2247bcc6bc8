using Multi.Core.Cni;

namespace Multi.Cni.Verbs;

/// <summary>
/// CHECK: every delegate in order with its cached config, interface and result; delegates below 0.4.0 or with
/// <c>disableCheck</c> are skipped; the first error is returned.
/// </summary>
internal static class CheckVerb
{
    public static async Task RunAsync(VerbContext ctx)
    {
        if (ctx.Config.PrevResult is null)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "CHECK needs a prevResult");
        }

        using var entryLock = await ctx.LockEntryAsync().ConfigureAwait(false);
        var entry = ctx.Cache.Read(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName)
            ?? throw new CniException(CniErrorCode.CacheFailure, $"no usable cache entry for container {ctx.Request.ContainerId} ({ctx.Request.IfName}); cannot CHECK");
        if (!entry.IsComplete)
        {
            throw new CniException(CniErrorCode.CacheFailure, $"the attachments of container {ctx.Request.ContainerId} ({ctx.Request.IfName}) were never completed");
        }

        foreach (var attachment in entry.Attachments.OrderBy(a => a.Position))
        {
            if (attachment.Network.DisableCheck || !CniVersion.AtLeast(attachment.Network.CniVersion, CniVersion.V040))
            {
                continue;
            }

            await ctx.Runner.CheckAsync(attachment.Network, ctx.ContextFor(attachment), attachment.Result!, ctx.Cancellation).ConfigureAwait(false);
        }
    }
}
