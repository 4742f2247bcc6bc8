using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Cni.Devices;
using Multi.Cni.Logging;
using Multi.Cni.Networks;
using Multi.Cni.Pods;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;
using Multi.Core.Devices;
using Multi.Core.State;

namespace Multi.Cni.Verbs;

/// <summary>
/// ADD (cni-protocol.md, section 4; npwg-behaviour.md, section 12): read the pod (Kubernetes mode), plan every
/// attachment, record the intent, run the delegates in order recording each result, write <c>network-status</c>,
/// and print the cluster network's result. On any failure everything this invocation started is deleted in
/// reverse order and the cache entry removed.
/// </summary>
internal static partial class AddVerb
{
    /// <summary>How long a finished ADD waits for its events to be sent before the plugin exits.</summary>
    private static readonly TimeSpan EventBound = TimeSpan.FromSeconds(2);

    /// <summary>The first attachment's result in the request's version, as the JSON text to print.</summary>
    public static async Task<byte[]> RunAsync(VerbContext ctx)
    {
        if (ctx.Config.PrevResult is not null)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "multi must be the first plugin of its list, but ADD received a prevResult");
        }

        await Readiness.WaitAsync(ctx).ConfigureAwait(false);
        var api = ctx.KubernetesMode ? ctx.OpenPodApi() : null;
        PodEvents? events = null;
        try
        {
            PodInfo? pod = null;
            if (api is not null)
            {
                var identity = ctx.Request.Args.Pod;
                pod = await api.ReadPodAsync(identity.Namespace!, identity.Name!, ctx.Cancellation).ConfigureAwait(false);
                PodApi.CheckUid(pod, identity.Uid);
                events = new PodEvents(api.Api, pod, ctx.Clock, ctx.Logger, afterAnswer: ctx.LongLived);
            }

            var plan = api is null
                ? AttachmentPlan.FromConfig(Plan(ctx))
                : await new PodNetworkResolver(ctx.Config, ctx.Networks, api).ResolveAsync(pod!, ctx.Request.IfName, events, ctx.Cancellation).ConfigureAwait(false);
            if (pod is not null)
            {
                plan = plan with { Devices = await PodDevices.AssignAsync(plan, pod, PodDevices.Lookup(ctx.Config, ctx.Clock, ctx.Logger), ctx.Logger, ctx.Cancellation).ConfigureAwait(false) };
            }

            return await AttachAsync(ctx, plan, api, pod, events).ConfigureAwait(false);
        }
        finally
        {
            if (events is not null && ctx.LongLived)
            {
                events.Release(EventBound);
            }
            else if (events is not null)
            {
                await events.DrainAsync(EventBound).ConfigureAwait(false);
            }
        }
    }

    private static async Task<byte[]> AttachAsync(VerbContext ctx, AttachmentPlan plan, PodApi? api, PodInfo? pod, PodEvents? events)
    {
        using var entryLock = await ctx.LockEntryAsync().ConfigureAwait(false);
        await ClearEarlierEntryAsync(ctx).ConfigureAwait(false);
        using var deviceLocks = await DeviceHygiene.LockAsync(ctx.Cache, plan.Devices, ctx.Config.DelegateTimeout, ctx.Clock, ctx.Cancellation).ConfigureAwait(false);

        var entry = Intent(ctx, plan);

        // The intent reaches the disk while the first delegate runs; the ADD answers only once it (and the last update) has.
        var intentFlush = ctx.Cache.Write(entry);
        Task? lastFlush = null;
        var started = new List<CachedAttachment>();
        var status = new List<NetworkStatusEntry>();
        try
        {
            foreach (var attachment in entry.Attachments)
            {
                EnsureInterfaceIsFree(ctx, attachment);
                started.Add(attachment);
                DeviceInfoFiles.Offer(ctx.Config.DeviceInfoDir, attachment, ctx.Logger);
                var result = await ctx.Runner.AddAsync(attachment.Network, ctx.ContextFor(attachment), ctx.Cancellation).ConfigureAwait(false);
                started[^1] = attachment with { Result = result };
                var inputs = plan.Inputs[attachment.Position];
                var deviceInfo = DeviceInfoFiles.Read(attachment);
                var installed = await CompleteAsync(ctx, plan, attachment, result).ConfigureAwait(false);
                var added = attachment with { State = AttachmentState.Added, Result = installed };
                started[^1] = added;
                entry = entry.With(added);
                ctx.Cache.Append(entry, added);
                if (pod is not null)
                {
                    status.AddRange(NetworkStatusBuilder.Build(inputs.StatusName, added.Position == 0, result, deviceInfo));
                    if (NetworkStatusBuilder.HasAddedInterface(result))
                    {
                        events!.Post(PodEvents.Normal, "AddedInterface", NetworkStatusBuilder.AddedInterfaceMessage(added.IfName, result, inputs.StatusName));
                    }
                }
            }

            await intentFlush.ConfigureAwait(false);
            lastFlush = ctx.Cache.Flush(entry);
            if (api is not null)
            {
                await api.WriteNetworkStatusAsync(pod!, NetworkStatusBuilder.Render(status), ctx.Cancellation).ConfigureAwait(false);
            }

            await lastFlush.ConfigureAwait(false);
            return ResultCodec.RenderUtf8(entry.Attachments[0].Result!, ctx.Request.CniVersion).Unwrap();
        }
        catch (Exception)
        {
            await Settle(intentFlush).ConfigureAwait(false);
            await Settle(lastFlush).ConfigureAwait(false);
            await RollbackAsync(ctx, started).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for a background flush the failed ADD no longer needs; its own failure adds nothing to the ADD's error.</summary>
    private static async Task Settle(Task? flush)
    {
        try
        {
            if (flush is not null)
            {
                await flush.ConfigureAwait(false);
            }
        }
        catch (CniException)
        {
            // The rollback removes the entry anyway.
        }
    }

    /// <summary>
    /// An interface of that name already in the pod (npwg-behaviour.md, section 6) fails the ADD before the delegate
    /// runs, so that the rollback never deletes an interface Multi did not create.
    /// </summary>
    private static void EnsureInterfaceIsFree(VerbContext ctx, CachedAttachment attachment)
    {
        if (ctx.Interfaces.Exists(ctx.Request.Netns, attachment.IfName) == true)
        {
            throw new CniException(
                CniErrorCode.InterfaceConflict,
                $"network \"{attachment.Network.Name}\" ({attachment.IfName}): interface {attachment.IfName} already exists in the pod network namespace {ctx.Request.Netns}");
        }
    }

    private static ImmutableArray<PlannedAttachment> Plan(VerbContext ctx)
    {
        var (cluster, secondaries) = ctx.Networks.Resolve(ctx.Request.Args.Pod.Namespace);
        return AttachmentPlanner.Plan(ctx.Request.IfName, cluster, secondaries).Unwrap();
    }

    /// <summary>
    /// A completed entry means ADD was repeated without DEL (code 107, nothing changed). An entry still pending
    /// was left by a crashed ADD: its attachments are deleted before starting afresh.
    /// </summary>
    private static async Task ClearEarlierEntryAsync(VerbContext ctx)
    {
        var existing = ctx.Cache.Read(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName);
        if (existing is null)
        {
            return;
        }

        if (existing.IsComplete)
        {
            throw new CniException(CniErrorCode.InterfaceConflict, $"container {ctx.Request.ContainerId} already has interface {ctx.Request.IfName} attached; DEL it first");
        }

        ctx.Logger.ResumingCrashedAdd(ctx.Request.ContainerId, ctx.Request.IfName);
        foreach (var error in await ctx.DeleteAttachmentsAsync(existing.Attachments, existing.Netns).ConfigureAwait(false))
        {
            ctx.Logger.RollbackFailed(ctx.Request.ContainerId, error.ToString());
        }

        ctx.Cache.Remove(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName);
    }

    /// <summary>The entry before any delegate runs.</summary>
    private static AttachmentCacheEntry Intent(VerbContext ctx, AttachmentPlan plan)
    {
        var attachments = Pending(ctx, plan);
        return new AttachmentCacheEntry(
            ctx.Config.Name,
            ctx.Request.ContainerId,
            ctx.Request.IfName,
            ctx.Request.Netns,
            ctx.Request.CniVersion,
            ctx.Request.Args.ToString(),
            ctx.Config.RuntimeConfig?.DeepClone().AsObject(),
            attachments);
    }

    /// <summary>
    /// The plan as pending cache records. Secondary attachments get their element's capability arguments and
    /// <c>MAC</c>/<c>IP</c> CNI_ARGS (npwg-behaviour.md, section 7); the cluster network, the override included, gets
    /// the runtime's unchanged.
    /// </summary>
    public static ImmutableArray<CachedAttachment> Pending(VerbContext ctx, AttachmentPlan plan) =>
        [.. plan.Attachments.Select(p => ctx.Pending(
            p.Position,
            p.Origin,
            p.IfName,
            p.Network,
            p.Position == 0 ? null : plan.Inputs[p.Position].Selection,
            plan.DeviceAt(p.Position),
            DeviceInfoPaths.CniFile(ctx.Config.DeviceInfoDir, plan.Inputs[p.Position].StatusName, ctx.Request.ContainerId, p.IfName)))];

    /// <summary>Deletes the started attachments (the failing one included) in reverse order, errors logged, then the entry.</summary>
    private static async Task RollbackAsync(VerbContext ctx, List<CachedAttachment> started)
    {
        foreach (var attachment in Enumerable.Reverse(started))
        {
            var errors = await ctx.Runner.DeleteAsync(attachment.Network, ctx.ContextFor(attachment), attachment.Result, CancellationToken.None).ConfigureAwait(false);
            DeviceInfoFiles.Remove(ctx.Config.DeviceInfoDir, attachment, ctx.Request.ContainerId, ctx.Logger);
            foreach (var error in errors)
            {
                ctx.Logger.RollbackFailed(attachment.IfName, error.ToString());
            }
        }

        try
        {
            ctx.Cache.Remove(ctx.Config.Name, ctx.Request.ContainerId, ctx.Request.IfName);
        }
        catch (CniException ex)
        {
            ctx.Logger.RollbackFailed(ctx.Request.IfName, ex.Error.ToString());
        }
    }
}
