using Multi.Cni.Logging;
using Multi.Cni.Networks;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.State;

namespace Multi.Cni.Verbs;

internal static partial class AddVerb
{
    /// <summary>
    /// What follows one delegate ADD (npwg-behaviour.md, sections 7 and 8): requested IPs and MAC verified, then the
    /// default routes adjusted. Returns the result as installed, which is what the cache keeps.
    /// </summary>
    private static async Task<CniResult> CompleteAsync(VerbContext ctx, AttachmentPlan plan, CachedAttachment attachment, CniResult result)
    {
        if (attachment.Position > 0 && plan.Inputs[attachment.Position].Selection is { } selection)
        {
            Verify(ctx, selection, attachment, result);
        }

        var actions = plan.Routes.ActionsFor(attachment.Position);
        foreach (var action in actions)
        {
            await ctx.Routes.ApplyAsync(ctx.Request.Netns, attachment.IfName, action, ctx.Cancellation).ConfigureAwait(false);
        }

        return actions.IsEmpty ? result : DefaultRoutePlan.Apply(result, actions);
    }

    /// <summary>A value that was not applied fails the ADD, or is a warning when <c>verifyRequests</c> is false.</summary>
    private static void Verify(VerbContext ctx, NetworkSelection selection, CachedAttachment attachment, CniResult result)
    {
        if (selection.Ips.IsEmpty && selection.Mac is null)
        {
            return;
        }

        var mac = selection.Mac is null ? null : ctx.Interfaces.ReadMac(ctx.Request.Netns, attachment.IfName);
        var verified = RequestVerifier.Verify(selection, attachment.Network, attachment.IfName, result, mac);
        if (!verified.IsOk)
        {
            if (ctx.Config.VerifyRequests)
            {
                throw new CniException(verified.Error);
            }

            ctx.Logger.RequestNotApplied(verified.Error.Msg);
        }
        else if (verified.Value.MacUnverified)
        {
            ctx.Logger.MacUnverified(selection.QualifiedName, attachment.IfName, selection.Mac!);
        }
    }
}
