using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Core.Cni;
using Multi.Core.Config;
using Multi.Core.Delegates;
using Multi.Core.State;
using Multi.MetaPlugin.Delegation;
using Multi.MetaPlugin.Netns;
using Multi.MetaPlugin.Networks;
using Multi.MetaPlugin.State;

namespace Multi.MetaPlugin.Verbs;

/// <summary>Everything a verb needs, built once per invocation.</summary>
internal sealed record VerbContext(
    CniInvocation Request,
    MetaPluginConfig Config,
    DelegateRunner Runner,
    AttachmentCacheStore Cache,
    NetworkResolver Networks,
    IInterfaceProbe Interfaces,
    ILogger Logger,
    TimeProvider Clock)
{
    public CancellationToken Cancellation { get; init; }

    /// <summary>The delegate search path: <c>CNI_PATH</c> first, then <c>binDir</c>.</summary>
    public static ImmutableArray<string> SearchPath(CniInvocation request, MetaPluginConfig config) =>
        [.. request.Path, .. request.Path.Contains(config.BinDir) ? Array.Empty<string>() : [config.BinDir]];

    public Task<IDisposable> LockEntryAsync() =>
        Cache.LockAsync(Config.Name, Request.ContainerId, Request.IfName, Config.DelegateTimeout, Clock, Cancellation);

    /// <summary>The context one delegate runs in.</summary>
    public AttachmentContext ContextFor(int position, string ifName, string networkName, string cniArgs, JsonObject? runtimeConfig, string? netns = null) =>
        new(Request.ContainerId, netns ?? Request.Netns, ifName, cniArgs, runtimeConfig, $"network \"{networkName}\" ({ifName})");

    public AttachmentContext ContextFor(CachedAttachment attachment, string? netns = null) =>
        ContextFor(attachment.Position, attachment.IfName, attachment.Network.Name, attachment.CniArgs, attachment.RuntimeConfig, netns);

    /// <summary>Deletes the attachments in reverse order, every one attempted; returns the errors.</summary>
    public async Task<List<CniError>> DeleteAttachmentsAsync(IEnumerable<CachedAttachment> attachments, string netns)
    {
        var errors = new List<CniError>();
        foreach (var attachment in attachments.OrderByDescending(a => a.Position))
        {
            errors.AddRange(await Runner.DeleteAsync(attachment.Network, ContextFor(attachment, netns), attachment.Result, Cancellation).ConfigureAwait(false));
        }

        return errors;
    }

    /// <summary>One error that names every failure, keeping the first one's code.</summary>
    public static CniError Combine(IReadOnlyList<CniError> errors) => errors.Count == 1
        ? errors[0]
        : new CniError(errors[0].Code, $"{errors.Count} delegate errors: {string.Join("; ", errors.Select(e => e.Msg))}", string.Join("; ", errors.Where(e => e.Details is not null).Select(e => e.Details)));
}
