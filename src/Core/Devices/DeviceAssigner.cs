using System.Collections.Immutable;
using Multi.Core.Cni;

namespace Multi.Core.Devices;

/// <summary>
/// Hands device-plugin devices to attachments (host-interfaces.md, section 10): attachments of one resource take its
/// device IDs in order, one each, so two never share a device; an element's own <c>deviceID</c> stands in only when the
/// allocation has none left. An attachment of a <c>resourceName</c> NAD left without a device fails the ADD before any
/// delegate runs: code 11 when the pod requests the resource but the kubelet reports no device for it yet (a device plugin
/// that has not registered after a reboot), code 110 otherwise, naming the network, the resource and the pod's request.
/// </summary>
public static class DeviceAssigner
{
    /// <param name="devices">The pod's allocation; null when no source could be read (<paramref name="lookupFailure"/> says why).</param>
    /// <param name="requests">Units of each extended resource the pod requests (<see cref="PodResourceRequests"/>).</param>
    public static Outcome<ImmutableArray<DeviceAssignment?>> Assign(
        IReadOnlyList<DeviceRequest> attachments, ResourceDevices? devices, string? lookupFailure, IReadOnlyDictionary<string, long> requests, string pod)
    {
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var assigned = ImmutableArray.CreateBuilder<DeviceAssignment?>(attachments.Count);
        foreach (var attachment in attachments)
        {
            if (attachment.ResourceName is not { Length: > 0 } resource)
            {
                assigned.Add(attachment.ElementDeviceId is { Length: > 0 } own ? new DeviceAssignment(own, null, Allocated: false) : null);
                continue;
            }

            var ids = devices?.For(resource) ?? [];
            var next = taken.GetValueOrDefault(resource);
            if (next < ids.Length)
            {
                taken[resource] = next + 1;
                assigned.Add(new DeviceAssignment(ids[next], resource, Allocated: true));
            }
            else if (attachment.ElementDeviceId is { Length: > 0 } own)
            {
                assigned.Add(new DeviceAssignment(own, resource, Allocated: false));
            }
            else
            {
                return Missing(attachment, resource, ids.Length, requests.GetValueOrDefault(resource), devices, lookupFailure, pod);
            }
        }

        return Outcome<ImmutableArray<DeviceAssignment?>>.Ok(assigned.MoveToImmutable());
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
