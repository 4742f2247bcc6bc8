using System.Collections.Immutable;
using Multi.Core.Annotations;
using Multi.Core.Delegates;
using Multi.Core.Devices;

namespace Multi.Cni.Networks;

/// <summary>
/// The attachments of one ADD in order, what each takes from its annotation element, and the default-route plan.
/// <see cref="Inputs"/> is parallel to <see cref="Attachments"/>.
/// </summary>
internal sealed record AttachmentPlan(ImmutableArray<PlannedAttachment> Attachments, ImmutableArray<AttachmentInputs> Inputs, DefaultRoutePlan Routes)
{
    /// <summary>Each attachment's device (parallel to <see cref="Attachments"/>), once assigned; empty before.</summary>
    public ImmutableArray<DeviceAssignment?> Devices { get; init; } = [];

    public DeviceAssignment? DeviceAt(int position) => position < Devices.Length ? Devices[position] : null;

    /// <summary>A plan from configuration alone: no annotation elements, status names from the delegates.</summary>
    public static AttachmentPlan FromConfig(ImmutableArray<PlannedAttachment> attachments) =>
        new(attachments, [.. attachments.Select(a => new AttachmentInputs(null, a.Network.Name))], DefaultRoutePlan.Inactive);
}

/// <summary>
/// <paramref name="Selection"/> is the annotation element (the override annotation for attachment 0), or null;
/// <paramref name="StatusName"/> is the <c>name</c> of its <c>network-status</c> entries; <paramref name="ResourceName"/> the
/// NAD's <c>k8s.v1.cni.cncf.io/resourceName</c> annotation, when it has one.
/// </summary>
internal sealed record AttachmentInputs(NetworkSelection? Selection, string StatusName, string? ResourceName = null);
