using System.Collections.Immutable;
using Multi.Core.Cni;

namespace Multi.Core.Devices;

/// <summary>
/// Hands device-plugin devices to attachments (host-interfaces.md, section 10): attachments of one resource take its
/// device IDs in order, one each, so two never share a device. An annotation element's own <c>deviceID</c> on an
/// attachment of a <c>resourceName</c> NAD picks that device when it is one of the pod's allocated devices of the resource,
/// and fails the ADD (code 110) when it is not: a device outside the pod's current allocation is never passed on. On an
/// attachment without a resource it reaches the delegate as the <c>deviceID</c> capability only. An attachment of a
/// <c>resourceName</c> NAD left without a device fails the ADD before any delegate runs: code 11 when the pod requests the
/// resource but the kubelet reports no device for it yet (a device plugin that has not registered after a reboot), code
/// 110 otherwise, naming the network, the resource and the pod's request.
/// </summary>
public static class DeviceAssigner
{
    /// <param name="devices">The pod's allocation; null when no source could be read (<paramref name="lookupFailure"/> says why).</param>
    /// <param name="requests">Units of each extended resource the pod requests (<see cref="PodResourceRequests"/>).</param>
    public static Outcome<ImmutableArray<DeviceAssignment?>> Assign(
        IReadOnlyList<DeviceRequest> attachments, ResourceDevices? devices, string? lookupFailure, IReadOnlyDictionary<string, long> requests, string pod)
    {
        var pinned = Pin(attachments, devices, pod);
        if (!pinned.IsOk)
        {
            return pinned.Error;
        }

        var used = pinned.Value.Values.ToHashSet();
        var assigned = ImmutableArray.CreateBuilder<DeviceAssignment?>(attachments.Count);
        foreach (var attachment in attachments)
        {
            if (attachment.ResourceName is not { Length: > 0 } resource)
            {
                assigned.Add(attachment.ElementDeviceId is { Length: > 0 } own ? new DeviceAssignment(own, null, Allocated: false) : null);
                continue;
            }

            if (pinned.Value.TryGetValue(attachment.Position, out var chosen))
            {
                assigned.Add(new DeviceAssignment(chosen.DeviceId, resource, Allocated: true));
                continue;
            }

            var ids = devices?.For(resource) ?? [];
            var next = ids.FirstOrDefault(id => !used.Contains((resource, id)));
            if (next is null)
            {
                return Missing(attachment, resource, ids.Length, requests.GetValueOrDefault(resource), devices, lookupFailure, pod);
            }

            used.Add((resource, next));
            assigned.Add(new DeviceAssignment(next, resource, Allocated: true));
        }

        return Outcome<ImmutableArray<DeviceAssignment?>>.Ok(assigned.MoveToImmutable());
    }

    /// <summary>The devices that annotation elements of resource attachments name, checked against the allocation, by position.</summary>
    private static Outcome<Dictionary<int, (string Resource, string DeviceId)>> Pin(IReadOnlyList<DeviceRequest> attachments, ResourceDevices? devices, string pod)
    {
        var pinned = new Dictionary<int, (string Resource, string DeviceId)>();
        if (devices is null)
        {
            return Outcome<Dictionary<int, (string Resource, string DeviceId)>>.Ok(pinned);
        }

        foreach (var attachment in attachments)
        {
            if (attachment is not { ResourceName: { Length: > 0 } resource, ElementDeviceId: { Length: > 0 } own })
            {
                continue;
            }

            var ids = devices.For(resource);
            var prefix = $"pod {pod}: {attachment.Label}: the annotation element's deviceID \"{own}\"";
            if (!ids.Contains(own))
            {
                return new CniError(
                    CniErrorCode.DeviceMissing,
                    $"{prefix} is not one of the pod's allocated {resource} devices ({(ids.IsEmpty ? "none" : string.Join(", ", ids))}): a device outside the pod's allocation is never passed on",
                    $"devices read from {devices.Source}");
            }

            if (pinned.FirstOrDefault(p => p.Value == (resource, own)) is { Value.DeviceId: not null } earlier)
            {
                var first = attachments.First(a => a.Position == earlier.Key).Label;
                return new CniError(CniErrorCode.DeviceMissing, $"{prefix} is already taken by {first}: two attachments never share a device");
            }

            pinned[attachment.Position] = (resource, own);
        }

        return Outcome<Dictionary<int, (string Resource, string DeviceId)>>.Ok(pinned);
    }

    private static CniError Missing(DeviceRequest attachment, string resource, int reported, long requested, ResourceDevices? devices, string? lookupFailure, string pod)
    {
        var prefix = $"pod {pod}: {attachment.Label} needs a device of resource {resource} (NAD annotation k8s.v1.cni.cncf.io/resourceName)";
        var details = devices is null
            ? $"no device source could be read: {lookupFailure}"
            : $"devices read from {devices.Source}" + (lookupFailure is null ? string.Empty : $" (after: {lookupFailure})");
        if (requested <= 0)
        {
            return new CniError(CniErrorCode.DeviceMissing, $"{prefix}, but the pod does not request {resource}: add it to a container's resources.limits", details);
        }

        if (reported == 0)
        {
            return new CniError(CniErrorCode.TryAgainLater, $"{prefix}; the pod requests {requested} but the kubelet reports no {resource} device for it yet", details);
        }

        return new CniError(
            CniErrorCode.DeviceMissing,
            $"{prefix}, but the pod requests {requested} and all {reported} allocated {resource} devices are taken by earlier attachments: request one unit per attachment",
            details);
    }
}
