using Multi.Core.Devices;

namespace Multi.Cni.Devices;

/// <summary>
/// One place the kubelet reports a pod's device-plugin devices (docs/devices.md). A second kind, devices of DRA resource
/// claims matched on a device attribute, can stand beside the two that exist.
/// </summary>
internal interface IDeviceSource
{
    /// <summary>How messages name the source, e.g. "the kubelet PodResources API at /path".</summary>
    string Name { get; }

    /// <summary>
    /// The pod's devices per resource, or null when the source does not know the pod. A source that cannot be read throws
    /// <see cref="DeviceSourceException"/>; every call is bounded in time.
    /// </summary>
    Task<ResourceDevices?> ReadAsync(DevicePod pod, CancellationToken ct);
}
