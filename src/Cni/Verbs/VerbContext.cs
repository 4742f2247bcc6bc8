using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Cni.Delegation;
using Multi.Cni.Devices;
using Multi.Cni.Kube;
using Multi.Cni.Logging;
using Multi.Cni.Netns;
using Multi.Cni.Networks;
using Multi.Cni.Pods;
using Multi.Cni.State;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Config;
using Multi.Core.Delegates;
using Multi.Core.Devices;
using Multi.Core.State;

namespace Multi.Cni.Verbs;

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

    public IRouteEditor Routes { get; init; } = null!;

    public IKubeApiFactory? Kube { get; init; }

    /// <summary>True in the node daemon (<see cref="Dispatcher.LongLived"/>): work that need not delay the answer runs after it.</summary>
    public bool LongLived { get; init; }

    /// <summary>
    /// Kubernetes mode (npwg-behaviour.md, sections 2 and 11): a kubeconfig is configured and CNI_ARGS name the pod.
    /// Otherwise only configured delegates run and nothing is read from or written to the API.
    /// </summary>
    public bool KubernetesMode => Config.Kubeconfig is not null
        && !string.IsNullOrEmpty(Request.Args.Pod.Namespace)
        && !string.IsNullOrEmpty(Request.Args.Pod.Name);

    /// <summary>The pod's API access for this invocation; only in <see cref="KubernetesMode"/>.</summary>
    public PodApi OpenPodApi() => new((Kube ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "this build of multi has no Kubernetes client"))
        .Create(Config.Kubeconfig!, Request.Command));

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

    /// <summary>
    /// A delegate about to run: <paramref name="selection"/>'s capability arguments over the runtime's, and its
    /// <c>MAC</c>/<c>IP</c> in CNI_ARGS (npwg-behaviour.md, section 7); null gives the runtime's unchanged. An allocated
    /// <paramref name="device"/> is written into every plugin (<see cref="DeviceInjection"/>) and, like an element's own
    /// <c>deviceID</c>, offered as the <c>deviceID</c> capability with <paramref name="deviceInfoFile"/> as <c>CNIDeviceInfoFile</c>.
    /// </summary>
    public CachedAttachment Pending(
        int position, string origin, string ifName, NetworkConfigList network, NetworkSelection? selection, DeviceAssignment? device = null, string? deviceInfoFile = null) => new(
        position,
        origin,
        ifName,
        device is { Allocated: true } ? DeviceInjection.WithDevice(network, device.DeviceId) : network,
        Request.Args.ForDelegate(Request.ContainerId, DelegateInputs.CniArgsExtras(selection)).ToString(),
        DelegateInputs.RuntimeConfig(Config.RuntimeConfig, selection, device is { Allocated: true } ? device.DeviceId : null, device is null ? null : deviceInfoFile),
        AttachmentState.Pending,
        null,
        device?.DeviceId,
        device?.ResourceName,
        device is null ? null : deviceInfoFile);

    /// <summary>Deletes the attachments in reverse order, every one attempted, and their device-info files; returns the errors.</summary>
    public async Task<List<CniError>> DeleteAttachmentsAsync(IEnumerable<CachedAttachment> attachments, string netns)
    {
        var errors = new List<CniError>();
        foreach (var attachment in attachments.OrderByDescending(a => a.Position))
        {
            errors.AddRange(await DeleteOneAsync(attachment, netns).ConfigureAwait(false));
            DeviceInfoFiles.Remove(Config.DeviceInfoDir, attachment, Request.ContainerId, Logger);
        }

        return errors;
    }

    /// <summary>
    /// One delegate DEL, under its device's lock; a device the cache shows handed to another sandbox is left alone
    /// (<see cref="DeviceHygiene"/>), and a device lock not taken in time is that attachment's error, not the others'.
    /// </summary>
    private async Task<IReadOnlyList<CniError>> DeleteOneAsync(CachedAttachment attachment, string netns)
    {
        IDisposable? deviceLock;
        try
        {
            deviceLock = await DeviceHygiene.LockAsync(Cache, attachment, Config.DelegateTimeout, Clock, Cancellation).ConfigureAwait(false);
        }
        catch (CniException ex)
        {
            return [ex.Error];
        }

        using (deviceLock)
        {
            if (deviceLock is not null && DeviceHygiene.NewerHolder(Cache, Config.Name, Request.ContainerId, Request.IfName, attachment) is { } holder)
            {
                Logger.DeviceHandedOn(ContextFor(attachment).Label, attachment.DeviceId!, attachment.ResourceName!, holder, Request.ContainerId);
                return [];
            }

            return await Runner.DeleteAsync(attachment.Network, ContextFor(attachment, netns), attachment.Result, Cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>One error that names every failure, keeping the first one's code.</summary>
    public static CniError Combine(IReadOnlyList<CniError> errors) => errors.Count == 1
        ? errors[0]
        : new CniError(errors[0].Code, $"{errors.Count} delegate errors: {string.Join("; ", errors.Select(e => e.Msg))}", string.Join("; ", errors.Where(e => e.Details is not null).Select(e => e.Details)));
}
