using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;

namespace Multi.Core.State;

/// <summary>
/// Everything DEL, CHECK and GC need for one (meta network, container, runtime interface), independent of
/// the configuration or the API (cni-protocol.md, section 10).
/// </summary>
public sealed record AttachmentCacheEntry(
    string NetworkName,
    string ContainerId,
    string IfName,
    string Netns,
    string CniVersion,
    string CniArgs,
    JsonObject? RuntimeConfig,
    ImmutableArray<CachedAttachment> Attachments)
{
    public const int FormatVersion = 1;

    public bool IsComplete => Attachments.All(a => a.State == AttachmentState.Added);

    public AttachmentCacheEntry With(CachedAttachment attachment) =>
        this with { Attachments = Attachments.Select(a => a.Position == attachment.Position ? attachment : a).ToImmutableArray() };
}

/// <summary>
/// One delegate as it was run: <see cref="Network"/> is the list exactly as sent (name and version injected),
/// <see cref="CniArgs"/> and <see cref="RuntimeConfig"/> what it received, <see cref="Result"/> its result.
/// <see cref="DeviceId"/> and <see cref="ResourceName"/> are its device (host-interfaces.md, section 10) and
/// <see cref="DeviceInfoFile"/> the device-info file offered to it; all three are absent from entries written before
/// devices were supported, and null for attachments without a device.
/// </summary>
public sealed record CachedAttachment(
    int Position,
    string Origin,
    string IfName,
    NetworkConfigList Network,
    string CniArgs,
    JsonObject? RuntimeConfig,
    AttachmentState State,
    CniResult? Result,
    string? DeviceId = null,
    string? ResourceName = null,
    string? DeviceInfoFile = null);

public enum AttachmentState
{
    Pending,
    Added,
    Deleted,
    Failed,
}
